# Distribution of the wait of started jobs, one curve per queue.  The
# driver sets: data_fmt (sprintf format of a queue's data file, %d =
# 1..nq; columns: wait, fraction of the queue's started jobs that waited at
# most that long), nq, qname[nq] (with job counts), title_text,
# xlabel_text.
set title title_text
set key right bottom
set grid lc rgb '#dddddd'
set xlabel xlabel_text
set ylabel 'fraction of started jobs'
set yrange [0:1.02]
set xrange [0:*]
plot for [q=1:nq] sprintf(data_fmt, q) using 1:2 with steps lw 2 \
	title qname[q]
