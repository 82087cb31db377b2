#!/usr/bin/env bash
# Brings the whole local stack up (idempotent): MariaDB, WordPress A and B with the plugin active, both
# sidecars, site A seeded; writes $STACK_DIR/env. Expects dependencies installed and build/ built.
source "$(dirname "$0")/config.sh"
"$ROOT_DIR/scripts/stack/db-up.sh"
"$ROOT_DIR/scripts/stack/wp-up.sh" a
"$ROOT_DIR/scripts/stack/wp-up.sh" b
"$ROOT_DIR/scripts/stack/sidecar-up.sh" a
"$ROOT_DIR/scripts/stack/sidecar-up.sh" b

cat > "$STACK_DIR/env" <<ENV
WP_URL=http://127.0.0.1:$WP_PORT
WP2_URL=http://127.0.0.1:$WP2_PORT
WP_DIR=$STACK_DIR/site-a
WP2_DIR=$STACK_DIR/site-b
WP_ADMIN_USER=admin
WP_ADMIN_PASSWORD=$(secret admin-password)
WP_EDITOR_USER=editor
WP_EDITOR_PASSWORD=$(secret editor-password)
DB_HOST=127.0.0.1
DB_PORT=$DB_PORT
DB_USER=$DB_USER
DB_PASSWORD=$(secret db-app)
DB_ROOT_PASSWORD=$(secret db-root)
DB_SOCKET=$RUN_DIR/mariadb.sock
DB_NAME=$DB_NAME
DB2_NAME=$DB2_NAME
TABLE_PREFIX=$TABLE_PREFIX
TABLE2_PREFIX=$TABLE2_PREFIX
SIDECAR_URL=http://127.0.0.1:$SIDECAR_PORT
SIDECAR2_URL=http://127.0.0.1:$SIDECAR2_PORT
SIDECAR_SECRET=$(secret sidecar-a)
SIDECAR2_SECRET=$(secret sidecar-b)
STORAGE_DIR=$STACK_DIR/storage-a
STORAGE2_DIR=$STACK_DIR/storage-b
STACK_DIR=$STACK_DIR
LICENSE_AUTHORITY_KEY_FILE=$SECRETS_DIR/license-authority.pem
ENV
chmod 600 "$STACK_DIR/env"

seed="$ROOT_DIR/build/node/tools/seed/main.js"
if [ -f "$seed" ]; then
	log "seeding site A"
	node "$seed" --db-host 127.0.0.1 --db-port "$DB_PORT" --db-user "$DB_USER" --db-password "$(secret db-app)" \
		--db-name "$DB_NAME" --prefix "$TABLE_PREFIX" --site-url "http://127.0.0.1:$WP_PORT" \
		--uploads-dir "$STACK_DIR/site-a/wp-content/uploads" --seed 42 >>"$LOG_DIR/seed.log" 2>&1 \
		|| { tail -20 "$LOG_DIR/seed.log" >&2; exit 1; }
fi
