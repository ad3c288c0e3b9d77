# Pending and running jobs over time: all queues, and each queue when there
# are several.  The driver sets: data (columns: time, pending and running
# of all queues, then pending of queues 1..nq, then running of queues
# 1..nq), nq, qname[nq], per_queue (1 to draw each queue), y_pending and
# y_running (the largest counts, at least 1), title_text, xlabel_text,
# x_max (end of the run).
set multiplot layout 2,1 title title_text
set key outside right top
set grid ytics lc rgb '#dddddd'
set xlabel xlabel_text
set xrange [0:x_max]
set ylabel 'pending jobs'
set yrange [0:y_pending * 1.08]
set title 'pending'
plot data using 1:2 with steps lw 2.5 lc rgb '#d04040' title 'all queues', \
     for [q=1:nq*per_queue] data using 1:(column(3+q)) with steps lw 1.2 \
	title 'queue '.qname[q]
set ylabel 'running jobs'
set yrange [0:y_running * 1.08]
set title 'running'
plot data using 1:3 with steps lw 2.5 lc rgb '#1f5fa8' title 'all queues', \
     for [q=1:nq*per_queue] data using 1:(column(3+nq+q)) with steps lw 1.2 \
	title 'queue '.qname[q]
unset multiplot
