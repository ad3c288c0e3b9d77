# Pending and running jobs over time: all queues, and each queue when there
# are several.  The driver sets: data (columns: time, pending and running
# of all queues, then pending of queues 1..nq, then running of queues
# 1..nq), nq, qname[nq], per_queue (1 to draw each queue), title_text,
# xlabel_text.
set multiplot layout 2,1 title title_text
set key outside right top
set grid ytics lc rgb '#dddddd'
set xlabel xlabel_text
set yrange [0:*]
set ylabel 'pending jobs'
set title 'pending'
plot data using 1:2 with steps lw 2.5 lc rgb '#d04040' title 'all queues', \
     for [q=1:nq*per_queue] data using 1:(column(3+q)) with steps lw 1.2 \
	title 'queue '.qname[q]
set ylabel 'running jobs'
set title 'running'
plot data using 1:3 with steps lw 2.5 lc rgb '#1f5fa8' title 'all queues', \
     for [q=1:nq*per_queue] data using 1:(column(3+nq+q)) with steps lw 1.2 \
	title 'queue '.qname[q]
unset multiplot
