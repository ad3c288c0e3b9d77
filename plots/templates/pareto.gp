# Cost against makespan of several runs, one point style per config, and
# the Pareto front (runs no other run beats on both).  The driver sets:
# data_fmt (sprintf format of a config's data file, %d = 1..ng; columns:
# makespan in hours, total cost in USD, run id), ng, gname[ng], front (the
# front's points, by makespan), title_text.
set title title_text
set key outside right top
set grid lc rgb '#dddddd'
set label 1 'numbers: run ids' at graph 0.01, graph -0.09 font ',8' tc rgb '#555555'
set xlabel 'makespan (hours)'
set ylabel 'total cost (USD)'
set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05
plot front using 1:2 with steps lw 1.5 dt 2 lc rgb '#444444' \
	title 'Pareto front', \
     for [g=1:ng] sprintf(data_fmt, g) using 1:2 with points pt 7 ps 1.4 \
	title gname[g], \
     for [g=1:ng] sprintf(data_fmt, g) using 1:2:(sprintf('%d', $3)) \
	with labels offset 0.9, 0.7 font ',8' tc rgb '#555555' notitle
