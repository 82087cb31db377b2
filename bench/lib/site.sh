# Creates the bench site once: database syteops_bench cloned from site A's (WordPress + SyteOps tables), a copy
# of site A's WordPress directory with a wp-config.php pointing at it, and an empty storage directory.
create_bench_site() {
	mkdir -p "$DATA" "$STORAGE" "$WORK"
	as_root -e "CREATE DATABASE IF NOT EXISTS $BENCH_DB; CREATE DATABASE IF NOT EXISTS $STOCK_DB;
		GRANT ALL ON $BENCH_DB.* TO '$DB_USER'@'127.0.0.1'; GRANT ALL ON $BENCH_DB.* TO '$DB_USER'@'localhost';
		GRANT ALL ON $STOCK_DB.* TO '$DB_USER'@'127.0.0.1'; GRANT ALL ON $STOCK_DB.* TO '$DB_USER'@'localhost';"
	if [ "$(as_root -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='$BENCH_DB'")" = 0 ]; then
		log "cloning database $DB_NAME into $BENCH_DB"
		mysqldump "${DB_ARGS[@]}" --single-transaction "$DB_NAME" | mariadb "${DB_ARGS[@]}" "$BENCH_DB"
	fi
	if [ ! -d "$SITE" ]; then
		log "copying site A's WordPress directory to $SITE"
		cp -a "$WP_DIR" "$SITE"
		rm -rf "$SITE/wp-content/uploads"
		mkdir -p "$SITE/wp-content/uploads"
	fi
	sed -i -e "s|define( 'DB_NAME', '[^']*' );|define( 'DB_NAME', '$BENCH_DB' );|" \
		-e "s|define( 'SYTEOPS_BACKUP_STORAGE_DIR', '[^']*' );|define( 'SYTEOPS_BACKUP_STORAGE_DIR', '$STORAGE' );|" \
		"$SITE/wp-config.php"
	grep -q "'$BENCH_DB'" "$SITE/wp-config.php" || { log "could not point $SITE/wp-config.php at $BENCH_DB"; exit 1; }
	set_site_url "$URL_A"
}
