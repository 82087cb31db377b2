# measure FIGURE TOOL COMMAND: runs COMMAND under `/usr/bin/time -v` and appends "figure tool wall_s rss_mb" to
# $RUNS. Wall time is taken around the whole command; peak RSS is the largest single process it ran (GNU time
# reports the children's maximum, not their sum). The command's stdout is kept in $WORK/last.out.
RUNS="$WORK/runs.tsv"

# settle: before each timed run, let the previous one's aftermath finish, so it is not billed to whichever tool
# runs next: the kernel's writeback of what was written (sync), then MariaDB's background work (purging the
# tables a restore dropped, flushing dirty pages), waited for until mariadbd uses under 5% of a core for two
# seconds in a row (at most 120 s). One stock restore of 2026-12-03 took 94.9 s right after ours, 55.0 s else.
settle() {
	local pid ticks before quiet=0 waited=0 hz
	sync
	pid=$(pgrep -x mariadbd | head -1) || return 0
	hz=$(getconf CLK_TCK)
	while (( quiet < 2 && waited < 120 )); do
		before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
		sleep 1; waited=$((waited + 1))
		ticks=$(( $(awk '{print $14 + $15}' "/proc/$pid/stat") - before ))
		if (( ticks * 20 < hz )); then quiet=$((quiet + 1)); else quiet=0; fi
	done
	(( waited > 2 )) && log "settled in ${waited} s"
	return 0
}

# warm_up: reads the bench site once, untimed, before the first figure: its files into the page cache and its
# tables into MariaDB's buffer pool. Otherwise the first run measured (ours: the alternation starts with it) pays
# for a cold start alone: on 2026-12-03, right after the stack restarted, our first backup took 126.7 s and the
# stock one after it 105.6 s, against 35.4 s and 58.7 s in the second round. (Later figures start with whatever
# the machine kept cached; both tools' inputs are treated alike.)
warm_up() {
	local t0; t0=$(date +%s)
	tar -cf - -C "$SITE" wp-content | cat > /dev/null   # through cat: GNU tar reads nothing when writing to /dev/null
	mysqldump "${DB_ARGS[@]}" --single-transaction --quick "$BENCH_DB" > /dev/null
	log "warmed up the site's files and tables in $(( $(date +%s) - t0 )) s"
}

measure() {
	local figure=$1 tool=$2 command=$3 stats="$WORK/time.txt" t0 t1 rss
	settle
	t0=$(date +%s.%N)
	if ! /usr/bin/time -v -o "$stats" bash -o pipefail -c "$command" >"$WORK/last.out" 2>"$WORK/last.err"; then
		log "FAILED: $figure / $tool: $command"; cat "$WORK/last.err" >&2; exit 1
	fi
	t1=$(date +%s.%N)
	rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$stats")
	printf '%s\t%s\t%.3f\t%s\n' "$figure" "$tool" "$(echo "$t1 - $t0" | bc)" "$rss" >> "$RUNS"
	log "$figure / $tool: $(echo "$t1 - $t0" | bc | xargs printf '%.2f') s, $rss MB"
}

# median FIGURE TOOL -> median wall seconds; peak FIGURE TOOL -> largest RSS (MB) over the runs.
median() {
	awk -F'\t' -v f="$1" -v t="$2" '$1 == f && $2 == t {print $3}' "$RUNS" | sort -g \
		| awk '{v[NR] = $1} END {if (NR == 0) print "n/a"; else if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
peak() {
	awk -F'\t' -v f="$1" -v t="$2" '$1 == f && $2 == t && $4 > m {m = $4} END {printf "%.0f", m}' "$RUNS"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b}'; }
