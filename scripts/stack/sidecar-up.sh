#!/usr/bin/env bash
# Starts the sidecar of one stack site on 127.0.0.1, configured from that site's wp-config.php.
# Usage: sidecar-up.sh a|b
source "$(dirname "$0")/config.sh"
site=$1
if [ "$site" = a ]; then port=$SIDECAR_PORT; else port=$SIDECAR2_PORT; fi
pidfile="$RUN_DIR/sidecar-$site.pid"
mkdir -p "$STACK_DIR/storage-$site" "$RUN_DIR" "$LOG_DIR"
chmod 700 "$STACK_DIR/storage-$site"
if ! pid_alive "$pidfile"; then
	log "starting sidecar $site on 127.0.0.1:$port"
	# The storage directory sits beside the site, outside its web root.
	SYTEOPS_WP_CONFIG="$STACK_DIR/site-$site/wp-config.php" SYTEOPS_STORAGE_DIR="$STACK_DIR/storage-$site" \
		setsid nohup "$ROOT_DIR/sidecar/bin/syteops-backup" serve >>"$LOG_DIR/sidecar-$site.log" 2>&1 &
	echo $! > "$pidfile"
	wait_for_port "$port" "sidecar $site"
fi
