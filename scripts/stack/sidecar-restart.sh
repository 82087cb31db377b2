#!/usr/bin/env bash
# Restarts one stack site's sidecar (after a rebuild): stops it, waits until it is gone, starts it again.
# Usage: sidecar-restart.sh a|b
source "$(dirname "$0")/config.sh"
pidfile="$RUN_DIR/sidecar-$1.pid"
if pid_alive "$pidfile"; then
	pid=$(cat "$pidfile")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$pid" 2>/dev/null || true
fi
exec "$(dirname "$0")/sidecar-up.sh" "$1"
