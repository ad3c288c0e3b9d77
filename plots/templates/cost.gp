# Cumulative cost by category over time, stacked.  The driver sets: data
# (columns: time, then running sums of head node, storage, compute
# On-Demand and compute Spot in USD), title_text, xlabel_text, x_max (end of the run).
array cname[4] = ['head node', 'shared storage', 'compute, On-Demand', 'compute, Spot']
array ccolor[4] = ['#7f7f7f', '#b48ccf', '#1f5fa8', '#f0a030']
set title title_text
set key left top
set grid ytics lc rgb '#dddddd'
set xlabel xlabel_text
set xrange [0:x_max]
set ylabel 'cumulative cost (USD)'
set yrange [0:*]
set style fill solid 1.0 noborder
plot for [c=4:1:-1] data using 1:(column(c+1)) with filledcurves x1 \
	fc rgb ccolor[c] title cname[c]
