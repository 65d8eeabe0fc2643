# The handover benchmarks' arithmetic (bench/handover.sh, pmip_handover.sh):
#   awk -f bench/handover_gaps.awk MOVES RECEIVED
# MOVES: a line per move, "FROM TO T0" (T0 in ns of CLOCK_REALTIME);
# RECEIVED: bench/udp_probe recv's lines, "ARRIVAL-NS NUMBER". For each
# move: the last datagram before T0, the first after it; gap = that first
# arrival - T0, lost = the numbers between them. One JSON object a move
# (gap and lost null when nothing arrived after it).
FNR == NR { from[++n] = $1; to[n] = $2; t0[n] = $3; next }
{ at[++m] = $1; seq[m] = $2 }
END {
	k = 1
	for (i = 1; i <= n; i++) {
		while (k <= m && at[k] < t0[i]) k++
		if (k > m) { printf "{\"from\": \"%s\", \"to\": \"%s\", \"gap_ms\": null, \"lost\": null}\n", from[i], to[i]; continue }
		before = k > 1 ? seq[k - 1] : -1
		printf "{\"from\": \"%s\", \"to\": \"%s\", \"gap_ms\": %.3f, \"lost\": %d}\n",
			from[i], to[i], (at[k] - t0[i]) / 1e6, seq[k] - before - 1
	}
}
