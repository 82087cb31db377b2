#!/usr/bin/env bash
# Peak memory (VmHWM) of the sidecar process for a full backup and a full restore of site A, at seeder scale 1
# and at a larger scale (default 10): shows whether memory stays flat as the site grows. Uses the demo stack
# (make demo first); reseeds site A at each scale and leaves it at scale 1. Usage: bench/sidecar-memory.sh [SCALE]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
big=${1:-10}
set -a; source "$ROOT/.stack/env"; set +a
auth="admin:$(php "$ROOT/scripts/stack/app-password.php" "$WP_DIR" admin bench)"
api="$WP_URL/wp-json/syteops/v1"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
wait_job() { while :; do s=$(curl -s -u "$auth" "$api/jobs/$1"); [ "$(echo "$s" | json "['state']")" != running ] && { echo "$s"; return; }; sleep 0.3; done; }
seed() {
	node "$ROOT/build/node/tools/seed/main.js" --db-host "$DB_HOST" --db-port "$DB_PORT" --db-user "$DB_USER" --db-password "$DB_PASSWORD" \
		--db-name "$DB_NAME" --prefix "$TABLE_PREFIX" --site-url "$WP_URL" --uploads-dir "$WP_DIR/wp-content/uploads" --seed 42 --scale "$1" >/dev/null
}
printf '| scale | archive MB | rows | files | backup s | restore s | sidecar peak RSS MB |\n|---|---|---|---|---|---|---|\n'
for scale in 1 "$big"; do
	seed "$scale"
	bash "$ROOT/scripts/stack/sidecar-restart.sh" a >/dev/null
	pid=$(cat "$STACK_DIR/run/sidecar-a.pid")
	t0=$(date +%s.%N)
	job=$(curl -s -u "$auth" -X POST -H 'content-type: application/json' -d '{"label":"memory bench"}' "$api/backups" | json "['job_id']")
	result=$(wait_job "$job")
	t1=$(date +%s.%N)
	id=$(echo "$result" | json "['snapshot_id']")
	rjob=$(curl -s -u "$auth" -X POST -H 'content-type: application/json' -d '{"confirm":true}' "$api/backups/$id/restore" | json "['job_id']")
	wait_job "$rjob" >/dev/null
	t2=$(date +%s.%N)
	hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
	echo "$result" | python3 -c "
import json,sys
r=json.load(sys.stdin)['result']
print('| $scale | %.1f | %d | %d | %.1f | %.1f | %.1f |' % (r['size_bytes']/1048576, r['rows'], r['files'], $t1-$t0, $t2-$t1, $hwm/1024))"
done
seed 1
