# Mean cost and makespan per config with the 95 % confidence interval of
# its replications (Student t), side by side.  The driver sets: data
# (columns: index, config name, replications, cost mean, low, high,
# makespan mean (hours), low, high), ng (rows), title_text.
set multiplot layout 1,2 title title_text
set key top left
set grid ytics lc rgb '#dddddd'
set style fill solid 0.7 border lc rgb '#333333'
set boxwidth 0.6
set xtics rotate by -25 noenhanced
set xrange [0.4:ng + 0.6]
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0
set title 'total cost'
set ylabel 'USD'
plot data using 1:4:xtic(2) with boxes fc rgb '#6fa8dc' title 'mean', \
     data using 1:4:5:6 with yerrorbars pt 7 ps 0.5 lw 1.5 lc rgb '#000000' \
	title '95 % CI'
set title 'makespan'
set ylabel 'hours'
plot data using 1:7:xtic(2) with boxes fc rgb '#f0a030' title 'mean', \
     data using 1:7:8:9 with yerrorbars pt 7 ps 0.5 lw 1.5 lc rgb '#000000' \
	title '95 % CI'
unset multiplot
