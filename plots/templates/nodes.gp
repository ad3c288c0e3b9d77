# Nodes of each queue by Slurm state over time, one panel per queue,
# states stacked.  The driver sets: data_fmt (sprintf format of a queue's
# data file, %d = 1..nq), nq, qname[nq], title_text, xlabel_text, x_max (end of the run).  Columns:
# time, then the running sums of allocated, mixed, idle, powering up,
# powering down and down nodes, then every node of the queue (powered-down
# ones included).
array sname[6] = ['allocated', 'mixed', 'idle', 'powering up', 'powering down', 'down']
array scolor[6] = ['#1f5fa8', '#6fa8dc', '#b8d4ee', '#f0a030', '#b48ccf', '#d04040']
set multiplot layout nq,1 title title_text
set key outside right top
set grid ytics lc rgb '#dddddd'
set xlabel xlabel_text
set xrange [0:x_max]
set ylabel 'nodes'
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
set style fill solid 1.0 noborder
do for [q=1:nq] {
	set title 'queue '.qname[q]
	plot for [s=6:1:-1] sprintf(data_fmt, q) using 1:(column(s+1)) \
		with filledcurves x1 fc rgb scolor[s] title sname[s], \
	     sprintf(data_fmt, q) using 1:8 with lines dt 2 lw 1.5 \
		lc rgb '#444444' title 'all nodes (MaxCount)'
}
unset multiplot
