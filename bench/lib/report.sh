# Writes bench/results/<date>-<size>.md (machine, sizes, every run and the summary) and the summary table into
# docs/performance.md between its bench-table markers.
row() { # row LABEL FIGURE OURS_TOOL STOCK_TOOL
	local a b; a=$(median "$2" "$3"); b=$(median "$2" "$4")
	printf '| %s | %s s (%s MB) | %s s (%s MB) | %s |\n' "$1" "$a" "$(peak "$2" "$3")" "$b" "$(peak "$2" "$4")" "$(ratio "$a" "$b")"
}

summary_table() {
	local archive_mb verify_mbs sha_mbs
	archive_mb=$(( $(stat -c %s "$ARCHIVE") / 1048576 ))
	verify_mbs=$(ratio "$archive_mb" "$(median inspect verify)")
	sha_mbs=$(ratio "$archive_mb" "$(median inspect sha256sum)")
	echo "| Figure (median of $RUNS_N, peak RSS of the largest process) | SyteOps | Stock | Ratio |"
	echo '|---|---|---|---|'
	row '1. Full backup vs `mysqldump \| gzip -1` then `zip -r -1`' backup ours stock-sequential
	row '1. Full backup vs the same two run in parallel' backup ours stock-parallel
	row '2. Full restore vs `mariadb < dump.sql` then `unzip`' restore ours stock
	row '2. The same, every live file changed (none reused)' restore ours-files-changed stock
	row '2. The same, every live file and table changed (none reused or kept)' restore ours-all-changed stock
	row '3. Cross-site restore with URL rewrite vs without' rewrite with-rewrite without-rewrite
	row '4. Preview vs `unzip -l`' inspect preview unzip-l
	row '4. Verify vs `sha256sum`' inspect verify sha256sum
	echo
	echo "Verify throughput: $verify_mbs MB/s vs sha256sum $sha_mbs MB/s (ratio $(ratio "$verify_mbs" "$sha_mbs"))."
	echo "Stock parts: mysqldump | gzip -1 $(median backup mysqldump-gzip) s, zip -r -1 $(median backup zip) s," \
		"zip -r -1 -n media $(median backup zip-n-media) s; mariadb < dump.sql $(median restore mariadb) s, unzip $(median restore unzip) s."
	if grep -q '^mydumper' "$RUNS"; then
		echo "Stretch: mydumper -t 2 -c $(median mydumper mydumper-t2) s ($(peak mydumper mydumper-t2) MB)," \
			"myloader -t 2 $(median mydumper myloader-t2) s ($(peak mydumper myloader-t2) MB) (database only)."
	fi
	echo "Peak RSS of our CLI (the engine the sidecar runs): backup $(peak backup ours) MB, restore $(peak restore ours) MB (files changed $(peak restore ours-files-changed) MB, all changed $(peak restore ours-all-changed) MB)," \
		"rewrite restore $(peak rewrite with-rewrite) MB, verify $(peak inspect verify) MB, preview $(peak inspect preview) MB."
}

machine_and_sizes() {
	echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -m | awk '/Mem:/ {print $2}') MB memory, $(uname -sr)"
	echo "- Versions: node $(node --version), MariaDB $(mariadb --version | grep -o 'Distrib [^,]*' | cut -d" " -f2) (mariadb, mysqldump)," \
		"$(zip -v | sed -n 2p | awk '{print $3, $4}'), $(unzip -v | head -1 | awk '{print $1, $2}'), gzip $(gzip --version | head -1 | awk '{print $2}'), $(mydumper --version 2>/dev/null || echo 'no mydumper')"
	echo "- Size ($SIZE): database $(bench_sql "SELECT ROUND(SUM(data_length + index_length) / 1048576) FROM information_schema.tables WHERE table_schema='$BENCH_DB'") MB in tables," \
		"$(bench_sql "SELECT SUM(table_rows) FROM information_schema.tables WHERE table_schema='$BENCH_DB'") rows (estimate); SQL dump $(( $(stat -c %s "$STOCK/dump.sql") / 1048576 )) MB;" \
		"wp-content $(du -sm "$SITE/wp-content" | cut -f1) MB in $(find "$SITE/wp-content" -type f | wc -l) files"
	echo "- Archives: ours $(( $(stat -c %s "$ARCHIVE") / 1048576 )) MB; stock db.sql.gz $(( $(stat -c %s "$STOCK/db.sql.gz") / 1048576 )) MB + files.zip $(( $(stat -c %s "$STOCK/files.zip") / 1048576 )) MB"
	echo "- URL rewrite evidence (last run): $REWRITE_EVIDENCE"
}

write_results() {
	local day file table
	day=$(date +%F); file="$BENCH/results/$day-$SIZE.md"; mkdir -p "$BENCH/results"
	table=$(summary_table)
	{
		echo "# Benchmark $day ($SIZE)"; echo
		machine_and_sizes; echo
		echo "$table"; echo
		echo '## Every run'; echo
		echo '| figure | tool | wall s | peak RSS MB |'; echo '|---|---|---|---|'
		awk -F'\t' '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}' "$RUNS"
	} > "$file"
	python3 - "$ROOT/docs/performance.md" "$file" "$day" "$SIZE" <<'PY'
import re, sys
doc, results, day, size = sys.argv[1:]
body = open(results).read().split('## Every run')[0].split('\n', 2)[2].strip()
block = f'<!-- bench-table -->\nLatest run: {day}, {size} size ([full results](../bench/results/{day}-{size}.md)).\n\n{body}\n<!-- /bench-table -->'
text = open(doc).read()
open(doc, 'w').write(re.sub(r'<!-- bench-table -->.*<!-- /bench-table -->', lambda m: block, text, flags=re.S))
PY
	log "results: $file"
}
