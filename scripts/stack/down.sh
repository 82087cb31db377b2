#!/usr/bin/env bash
# Stops everything the stack started, by PID file. Data stays; `make demo` starts it again.
source "$(dirname "$0")/config.sh"
for name in sidecar-a sidecar-b php-a php-b mariadb; do
	pidfile="$RUN_DIR/$name.pid"
	if pid_alive "$pidfile"; then
		pid=$(cat "$pidfile")
		log "stopping $name ($pid)"
		kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
		for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile"
done
