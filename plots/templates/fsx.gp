# Shared-storage throughput over time, one panel per file system.  The
# driver sets: data_fmt (sprintf format of a file system's data file, %d =
# 1..ns; columns: time, read MiB/s, read + write MiB/s, throughput
# capacity MiB/s), ns, sname[ns], title_text, xlabel_text, x_max (end of the run).
set multiplot layout ns,1 title title_text
set key outside right top
set grid ytics lc rgb '#dddddd'
set xlabel xlabel_text
set xrange [0:x_max]
set ylabel 'throughput (MiB/s)'
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
set style fill solid 1.0 noborder
do for [s=1:ns] {
	set title sname[s]
	plot sprintf(data_fmt, s) using 1:3 with filledcurves x1 \
		fc rgb '#f0a030' title 'write', \
	     sprintf(data_fmt, s) using 1:2 with filledcurves x1 \
		fc rgb '#1f5fa8' title 'read', \
	     sprintf(data_fmt, s) using 1:4 with lines dt 2 lw 1.5 \
		lc rgb '#444444' title 'capacity'
}
unset multiplot
