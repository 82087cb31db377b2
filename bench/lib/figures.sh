# The five figures of issue 9, each alternating our CLI and the stock tools for $RUNS_N runs.
# Sets ARCHIVE_ID / ARCHIVE (our first full backup) and leaves the stock dump and zip in $WORK/stock.
STOCK="$WORK/stock"
SQL_DUMP="mysqldump ${DB_ARGS[*]} --single-transaction $BENCH_DB | gzip -1 > $STOCK/db.sql.gz"
ZIP_FILES="rm -f $STOCK/files.zip && cd $SITE && zip -r -1 -q $STOCK/files.zip wp-content"
MEDIA_SUFFIXES=.jpg:.jpeg:.png:.gif:.webp:.mp4:.zip:.gz

# Flips the first byte of every live file the restore brings back (uploads, themes, plugins; not our own plugin,
# which a restore keeps as it is live), sizes kept, so none equals its archive entry.
alter_live_files() {
	python3 - "$SITE/wp-content" <<'PY'
import os, sys
top = sys.argv[1]
for root, dirs, names in os.walk(top):
	rel = os.path.relpath(root, top)
	if rel == '.':
		dirs[:] = [d for d in dirs if d in ('uploads', 'themes', 'plugins')]
		continue
	if rel == 'plugins':
		dirs[:] = [d for d in dirs if d != 'syteops-backup']
	for name in names:
		p = os.path.join(root, name)
		if os.path.islink(p) or os.path.getsize(p) == 0:
			continue
		with open(p, 'r+b') as f:
			b = f.read(1)
			f.seek(0)
			f.write(bytes([b[0] ^ 0xFF]))
PY
}

# The backup's own tables, which a restore keeps as they are live (an SQL list).
OWN_TABLES="'${TABLE_PREFIX}syteops_backups', '${TABLE_PREFIX}syteops_jobs', '${TABLE_PREFIX}syteops_audit',
	'${TABLE_PREFIX}syteops_secrets', '${TABLE_PREFIX}syteops_staging_state'"

# Gives the bench site the content site B would hold after a move: URL_A's host replaced by URL_B's in every
# text column of the site's tables (not the backup's own). The hosts are as long as each other, so serialized
# lengths stay right. Both restores of the rewrite figure start from this content: the pre-restore snapshot
# then does the same work in both, and the figure is the rewrite's alone. (Alternated without it, the restore
# with the rewrite started from the archive's own content, left by the one without, and the one without from
# B's: the snapshot's work differs between those, by 4-9 s of CPU on the full-size site.)
live_content_of_b() {
	local from=${URL_A#*://} to=${URL_B#*://}
	[ "${#from}" = "${#to}" ] || { log "live_content_of_b: $from and $to differ in length"; return 1; }
	bench_sql "SELECT CONCAT('UPDATE \`', TABLE_NAME, '\` SET \`', COLUMN_NAME, '\` = REPLACE(\`', COLUMN_NAME,
			'\`, ''$from'', ''$to'') WHERE \`', COLUMN_NAME, '\` LIKE ''%$from%'';')
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '$BENCH_DB' AND TABLE_NAME LIKE '${TABLE_PREFIX}%'
			AND DATA_TYPE IN ('char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext')
			AND TABLE_NAME NOT IN ($OWN_TABLES)" |
		mariadb "${DB_ARGS[@]}" "$BENCH_DB"
}

# Appends a character to a text column of the last row of every site table with rows (not the backup's own
# tables, not options, which a restore always loads), so no live table equals its archive entry and a restore
# loads every table, as on a site whose content differs from the archive.
alter_live_tables() {
	local table pk column
	bench_sql "SELECT t.TABLE_NAME, k.COLUMN_NAME,
			(SELECT c.COLUMN_NAME FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA
			 AND c.TABLE_NAME = t.TABLE_NAME AND c.DATA_TYPE IN ('longtext', 'text', 'mediumtext')
			 ORDER BY c.ORDINAL_POSITION LIMIT 1)
		FROM information_schema.TABLES t JOIN information_schema.KEY_COLUMN_USAGE k
			ON k.TABLE_SCHEMA = t.TABLE_SCHEMA AND k.TABLE_NAME = t.TABLE_NAME AND k.CONSTRAINT_NAME = 'PRIMARY'
		WHERE t.TABLE_SCHEMA = '$BENCH_DB' AND t.TABLE_ROWS > 0 AND t.TABLE_NAME LIKE '${TABLE_PREFIX}%'
			AND t.TABLE_NAME NOT IN ('${TABLE_PREFIX}options', $OWN_TABLES)" |
	while IFS=$'\t' read -r table pk column; do
		[ "$column" = NULL ] && continue
		bench_sql "UPDATE \`$table\` SET \`$column\` = CONCAT(COALESCE(\`$column\`, ''), '.') ORDER BY \`$pk\` DESC LIMIT 1"
	done
}

newest_archive() { ls -t "$STORAGE"/*.zip | head -1; }
# Removes every archive but the measured one (later backups, pre-restore snapshots) so the full size does not
# fill the disk; run_sh rescans the catalog at the end.
# Refuses without ARCHIVE: `! -path ""` matches every file, so the measured archive would go too.
prune_storage() {
	[ -n "${ARCHIVE:-}" ] || { log "prune_storage: ARCHIVE is not set"; return 1; }
	find "$STORAGE" -maxdepth 1 -name '*.zip' ! -path "$ARCHIVE" -delete
}

figure_backup() {
	mkdir -p "$STOCK"
	for i in $(seq "$RUNS_N"); do
		measure backup ours "${CLI[*]} create --json"
		if [ "$i" = 1 ]; then
			ARCHIVE_ID=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["snapshot_id"])' < "$WORK/last.out")
			ARCHIVE=$(newest_archive)
		fi
		prune_storage
		measure backup stock-sequential "$SQL_DUMP && $ZIP_FILES"
		measure backup stock-parallel "( $SQL_DUMP ) & ( $ZIP_FILES ) & wait -n && wait -n"
		measure backup mysqldump-gzip "$SQL_DUMP"
		measure backup zip "$ZIP_FILES"
		measure backup zip-n-media "rm -f $STOCK/files-n.zip && cd $SITE && zip -r -1 -q -n $MEDIA_SUFFIXES $STOCK/files-n.zip wp-content"
	done
}

figure_restore() {
	gunzip -c "$STOCK/db.sql.gz" > "$STOCK/dump.sql"
	for i in $(seq "$RUNS_N"); do
		set_site_url "$URL_A"
		measure restore ours "${CLI[*]} restore $ARCHIVE_ID --yes --json"
		prune_storage
		# The same restore when no live file matches the archive (every one has a byte flipped, its size kept):
		# the engine hashes each live file, finds it changed and writes the archive's copy, like unzip does.
		set_site_url "$URL_A"; alter_live_files
		measure restore ours-files-changed "${CLI[*]} restore $ARCHIVE_ID --yes --json"
		prune_storage
		# And when no live table equals the archive's either (one row changed in each): every table is loaded.
		set_site_url "$URL_A"; alter_live_files; alter_live_tables
		measure restore ours-all-changed "${CLI[*]} restore $ARCHIVE_ID --yes --json"
		prune_storage
		rm -rf "$STOCK/unzipped"
		measure restore stock "mariadb ${DB_ARGS[*]} $STOCK_DB < $STOCK/dump.sql && unzip -q -o $STOCK/files.zip -d $STOCK/unzipped"
		measure restore mariadb "mariadb ${DB_ARGS[*]} $STOCK_DB < $STOCK/dump.sql"
		rm -rf "$STOCK/unzipped"
		measure restore unzip "unzip -q -o $STOCK/files.zip -d $STOCK/unzipped"
	done
}

# The archive was taken under URL_A; switching the live site to URL_B first makes the restore cross-site, so the
# engine rewrites URL_A -> URL_B (or, with --no-url-rewrite, restores the rows as they are).
figure_rewrite() {
	for i in $(seq "$RUNS_N"); do
		# Both restores start from the same live site, B's content (see live_content_of_b), and load every table,
		# as onto another site's content: with no URL rewrite a live table equal to the archive's would be kept
		# instead, and the figure would compare loading with not loading.
		set_site_url "$URL_B"; live_content_of_b; alter_live_tables
		measure rewrite with-rewrite "${CLI[*]} restore $ARCHIVE_ID --yes --json"
		REWRITE_EVIDENCE=$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("url_rewrite"))' < "$WORK/last.out")
		prune_storage
		set_site_url "$URL_B"; live_content_of_b; alter_live_tables
		measure rewrite without-rewrite "${CLI[*]} restore $ARCHIVE_ID --yes --no-url-rewrite --json"
		prune_storage
	done
	set_site_url "$URL_A"
}

figure_inspect() {
	for i in $(seq "$RUNS_N"); do
		measure inspect preview "${CLI[*]} preview $ARCHIVE_ID --json"
		measure inspect unzip-l "unzip -l $ARCHIVE > /dev/null"
		measure inspect verify "${CLI[*]} verify $ARCHIVE_ID --json"
		measure inspect sha256sum "sha256sum $ARCHIVE"
	done
}

# Stretch: mydumper/myloader with 2 threads (database only), when Debian's mydumper is installed.
figure_mydumper() {
	command -v mydumper > /dev/null || { log "mydumper not installed: stretch figure skipped"; return; }
	local creds="-h $DB_HOST -P $DB_PORT -u $DB_USER -p $DB_PASSWORD"
	for i in $(seq "$RUNS_N"); do
		measure mydumper mydumper-t2 "rm -rf $STOCK/mydumper && mydumper $creds -B $BENCH_DB -t 2 -c --trx-consistency-only -o $STOCK/mydumper"
		measure mydumper myloader-t2 "myloader $creds -B $STOCK_DB -t 2 -o -d $STOCK/mydumper"
	done
}
