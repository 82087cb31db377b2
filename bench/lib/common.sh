# Shared settings of the benchmark harness (sourced, not run). The bench site is separate from the demo:
# its own database (syteops_bench), WordPress copy (bench/data/site) and storage (bench/data/storage).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/bench"
DATA="$BENCH/data"
SITE="$DATA/site"
STORAGE="$DATA/storage"
WORK="$DATA/work"          # stock tools' dumps and zips, scratch unzip dirs
# Not exported: the CLI lets DB_* variables override wp-config.php, and these name the demo database.
# BENCH_STACK_ENV points at another stack's env (e.g. a worktree's .stack-test/env) when the demo is not up.
source "${BENCH_STACK_ENV:-$ROOT/.stack/env}"
BENCH_DB=syteops_bench
STOCK_DB=syteops_bench_stock  # where `mariadb < dump.sql` loads, so the stock restore never touches the bench site
URL_A=http://bench-a.test     # the bench site's own URL (archives are taken under it)
URL_B=http://bench-b.test     # the URL the site is switched to for the cross-site (rewrite) restore
CLI=( env -u DB_HOST -u DB_PORT -u DB_USER -u DB_PASSWORD -u DB_NAME -u TABLE_PREFIX -u SYTEOPS_WP_DIR
	"$ROOT/sidecar/bin/syteops-backup" )
export SYTEOPS_WP_CONFIG="$SITE/wp-config.php" SYTEOPS_STORAGE_DIR="$STORAGE"
# The stock tools connect like our CLI does: as the site's database user over TCP.
DB_ARGS=( -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" "-p$DB_PASSWORD" )

as_root() { mariadb -uroot "-p$DB_ROOT_PASSWORD" -S "$DB_SOCKET" "$@"; }
bench_sql() { mariadb "${DB_ARGS[@]}" "$BENCH_DB" -N -e "$1"; }
set_site_url() { bench_sql "UPDATE ${TABLE_PREFIX}options SET option_value='$1' WHERE option_name IN ('siteurl','home')"; }
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
