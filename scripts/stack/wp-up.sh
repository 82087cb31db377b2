#!/usr/bin/env bash
# Builds and starts one WordPress site of the stack: Debian's core files copied into the stack dir, our own
# wp-config.php, SyteOps Backup linked in, installed with wp_install() and served by PHP's built-in server.
# Usage: wp-up.sh a|b
source "$(dirname "$0")/config.sh"
site=$1
if [ "$site" = a ]; then port=$WP_PORT; db=$DB_NAME; prefix=$TABLE_PREFIX; sidecar=$SIDECAR_PORT; title="SyteOps Demo A"
else port=$WP2_PORT; db=$DB2_NAME; prefix=$TABLE2_PREFIX; sidecar=$SIDECAR2_PORT; title="SyteOps Demo B"; fi
dir="$STACK_DIR/site-$site"
url="http://127.0.0.1:$port"
mkdir -p "$RUN_DIR" "$LOG_DIR"

if [ ! -f "$dir/wp-settings.php" ]; then
	log "copying WordPress core into $dir"
	mkdir -p "$dir"
	# -L: Debian's tree links into /usr/share (getID3, JS libraries, themes); the copy must stand on its own.
	cp -rL /usr/share/wordpress/. "$dir/"
	rm -f "$dir/wp-config.php" "$dir/.htaccess"
	mkdir -p "$dir/wp-content/uploads" "$dir/wp-content/plugins"
fi

# The plugin is linked file by file so edits in plugin/ and fresh builds in build/admin show up at once,
# while WordPress still sees a normal plugin directory with build/ inside it.
plugin_dir="$dir/wp-content/plugins/syteops-backup"
mkdir -p "$plugin_dir"
for entry in "$ROOT_DIR"/plugin/*; do
	name=$(basename "$entry")
	[ "$name" = admin-src ] && continue
	ln -sfn "$entry" "$plugin_dir/$name"
done
ln -sfn "$ROOT_DIR/build/admin" "$plugin_dir/build"
ln -sfn "$ROOT_DIR/languages" "$plugin_dir/languages"

salt() { head -c 48 /dev/urandom | base64 | tr -d '\n/+='; }
if [ ! -f "$dir/wp-config.php" ]; then
	cat > "$dir/wp-config.php" <<PHP
<?php
// Written by scripts/stack/wp-up.sh for the local stack. Not Debian's config loader.
define( 'DB_NAME', '$db' );
define( 'DB_USER', '$DB_USER' );
define( 'DB_PASSWORD', '$(secret db-app)' );
define( 'DB_HOST', '127.0.0.1:$DB_PORT' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'AUTH_KEY', '$(salt)' );
define( 'SECURE_AUTH_KEY', '$(salt)' );
define( 'LOGGED_IN_KEY', '$(salt)' );
define( 'NONCE_KEY', '$(salt)' );
define( 'AUTH_SALT', '$(salt)' );
define( 'SECURE_AUTH_SALT', '$(salt)' );
define( 'LOGGED_IN_SALT', '$(salt)' );
define( 'NONCE_SALT', '$(salt)' );
\$table_prefix = '$prefix';
define( 'WP_ENVIRONMENT_TYPE', 'local' ); // application passwords over plain http on loopback
define( 'WP_DEBUG', false );
define( 'DISABLE_WP_CRON', true );        // SyteOps Backup schedules in its sidecar, not in WP-Cron
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'FS_METHOD', 'direct' );
define( 'SYTEOPS_BACKUP_SIDECAR_URL', 'http://127.0.0.1:$sidecar' );
define( 'SYTEOPS_BACKUP_SIDECAR_SECRET', '$(secret "sidecar-$site")' );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
fi

# The storage directory lives beside the site, outside its web root; service and CLI read it from here.
if ! grep -q SYTEOPS_BACKUP_STORAGE_DIR "$dir/wp-config.php"; then
	sed -i "s#^define( 'SYTEOPS_BACKUP_SIDECAR_SECRET'#define( 'SYTEOPS_BACKUP_STORAGE_DIR', '$STACK_DIR/storage-$site' );\n&#" "$dir/wp-config.php"
fi

# The license authority's public key (added to older stacks too): Product Licenses and packages are checked with it.
if ! grep -q SYTEOPS_LICENSE_AUTHORITY_KEY "$dir/wp-config.php"; then
	sed -i "s#^define( 'SYTEOPS_BACKUP_SIDECAR_SECRET'#define( 'SYTEOPS_LICENSE_AUTHORITY_KEY', '$(license_authority_key)' );\n&#" "$dir/wp-config.php"
	# A sidecar already running read wp-config.php without it: stop it, up.sh starts it again.
	sidecar_pid="$RUN_DIR/sidecar-$site.pid"
	if pid_alive "$sidecar_pid"; then
		kill "$(cat "$sidecar_pid")" 2>/dev/null || true
		for _ in $(seq 150); do pid_alive "$sidecar_pid" || break; sleep 0.1; done
		pid_alive "$sidecar_pid" && kill -9 "$(cat "$sidecar_pid")" 2>/dev/null || true
	fi
fi

php "$ROOT_DIR/scripts/stack/wp-install.php" "$dir" "$url" "$title" "$(secret admin-password)" "$(secret editor-password)" \
	>>"$LOG_DIR/wp-install-$site.log" 2>&1 || { cat "$LOG_DIR/wp-install-$site.log" >&2; exit 1; }

pidfile="$RUN_DIR/php-$site.pid"
if ! pid_alive "$pidfile"; then
	log "starting WordPress $site on $url"
	# Several workers so the admin's parallel REST calls and a streaming download don't queue behind each other.
	PHP_CLI_SERVER_WORKERS=4 setsid nohup php -d upload_max_filesize=16M -d post_max_size=20M -d memory_limit=256M \
		-S "127.0.0.1:$port" -t "$dir" "$ROOT_DIR/scripts/stack/router.php" >>"$LOG_DIR/php-$site.log" 2>&1 &
	echo $! > "$pidfile"
	wait_for_port "$port" "WordPress $site"
fi
