# Gantt chart of the nodes: each instance life (booting, then up) and the
# jobs that ran on it.  The driver sets: lives (columns: row, launch,
# ready, end), jobs (columns: row, start, end), nn, nname[nn] (row names,
# row i = nname[i]), show_names, title_text, xlabel_text, x_max (end of the run).
set title title_text
set key outside right top
set xlabel xlabel_text
set xrange [0:x_max]
set ylabel 'node'
set yrange [0.3:nn + 0.7]
if (show_names) {
	set ytics () font ',8'
	do for [i=1:nn] { set ytics add (nname[i] i) }
} else {
	set ytics
}
set style fill solid 1.0 noborder
plot lives using (($2 + $3) / 2):1:2:3:($1 - 0.35):($1 + 0.35) \
	with boxxyerror fc rgb '#f0a030' title 'booting (launch to ready)', \
     lives using (($3 + $4) / 2):1:3:4:($1 - 0.35):($1 + 0.35) \
	with boxxyerror fc rgb '#d9d9d9' title 'up, idle', \
     jobs using (($2 + $3) / 2):1:2:3:($1 - 0.25):($1 + 0.25) \
	with boxxyerror fc rgb '#1f5fa8' fs solid 1.0 border lc rgb '#ffffff' \
	title 'running a job'
