#!/usr/bin/env bash
# `make bench`: SyteOps Backup against the stock tools on a large generated site (issue 9). Usage:
#   bench/run.sh --quick   about 50 MB of rows and 120 MB of uploads, 3 alternating runs a figure (a few minutes)
#   bench/run.sh           about 1 GB of rows and 2 GB of uploads, 3 runs (much longer; needs ~15 GB free disk)
# Needs the demo stack's database (make demo) and a build (make build). Uses its own site, database (syteops_bench)
# and storage under bench/data/; never touches the demo sites. Writes bench/results/<date>-<size>.md and docs/performance.md.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$BENCH/lib/site.sh"; source "$BENCH/lib/grow.sh"; source "$BENCH/lib/measure.sh"
source "$BENCH/lib/figures.sh"; source "$BENCH/lib/report.sh"

SIZE=full; RUNS_N=${BENCH_RUNS:-3}   # BENCH_RUNS: fewer runs when time is short (the report says how many)
case "${1:-}" in
	--quick) SIZE=quick ;;
	'') ;;
	*) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac
[ -S "$DB_SOCKET" ] || { echo "bench: the stack's database is not running (make demo first)" >&2; exit 1; }

create_bench_site
# generate_site SCALE DB_MB MEDIA_MB TEXT_MB
if [ "$SIZE" = quick ]; then generate_site 5 48 80 40; else generate_site 100 1000 1300 700; fi
# Each run starts from an empty storage directory, so archives of earlier runs do not pile up.
rm -rf "${STORAGE:?}"/* "$STOCK"; : > "$RUNS"
"${CLI[@]}" rescan > /dev/null   # the catalog forgets the removed archives

warm_up
figure_backup
figure_restore
figure_rewrite
figure_inspect
figure_mydumper
"${CLI[@]}" rescan > /dev/null
write_results
