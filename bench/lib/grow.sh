# The deterministic large-site generator: the project's seeder for the base site (users with SyteOps cards, notes,
# estimates, posts, options, media), then bulk rows and upload files sized to a target. Bulk rows are doubled with
# INSERT ... SELECT (fast at 1 GB, where the seeder is not) and hold a PHP-serialized array with the site URL in
# plain and JSON-escaped form, so the URL rewrite has real work; their text is SHA-512 hex (compresses about 2:1).

# A serialized array whose placeholders (runs of I, Q, R, S, T) are replaced in SQL by values of equal length,
# so the s:N: lengths stay right.
bulk_template() {
	local id=IIIIIIIIII q r s t url json text
	q=$(printf 'Q%.0s' {1..128}); r=${q//Q/R}; s=${q//Q/S}; t=${q//Q/T}
	url="$URL_A/wp-content/uploads/bench/$id.jpg"
	json="{\"link\":\"${URL_A//\//\\/}\\/?p=$id\",\"home\":\"$URL_A\"}"
	text="Lorem ipsum $r dolor sit amet $s consectetur $t adipiscing elit, see $URL_A/?p=$id"
	printf 'a:4:{s:3:"url";s:%d:"%s";s:4:"json";s:%d:"%s";s:6:"digest";s:128:"%s";s:4:"text";s:%d:"%s";}' \
		"${#url}" "$url" "${#json}" "$json" "$q" "${#text}" "$text"
}

# SQL expression filling the template from a seed column and a pass number.
bulk_value_sql() {
	local seed=$1 pass=$2 q r s t
	q=$(printf 'Q%.0s' {1..128}); r=${q//Q/R}; s=${q//Q/S}; t=${q//Q/T}
	printf "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(@tpl,'IIIIIIIIII',LPAD(MOD(%s,10000000000),10,'0'))," "$seed"
	printf "'%s',SHA2(CONCAT(%s,'-%s-q'),512)),'%s',SHA2(CONCAT(%s,'-%s-r'),512))," "$q" "$seed" "$pass" "$r" "$seed" "$pass"
	printf "'%s',SHA2(CONCAT(%s,'-%s-s'),512)),'%s',SHA2(CONCAT(%s,'-%s-t'),512))" "$s" "$seed" "$pass" "$t" "$seed" "$pass"
}

# grow_meta TABLE ID_COLUMN OWNER_COLUMN BASE_SELECT ROWS: one bulk row per base row, then doubling up to ROWS.
grow_meta() {
	local table="${TABLE_PREFIX}$1" key=$2 owner=$3 base=$4 want=$5 tpl have pass=1 take
	tpl=$(bulk_template); tpl=${tpl//\\/\\\\}
	local set_tpl="SET @tpl='$tpl';"
	bench_sql "DELETE FROM $table WHERE meta_key='_syteops_bench'"
	bench_sql "$set_tpl INSERT INTO $table ($owner, meta_key, meta_value) SELECT id, '_syteops_bench', $(bulk_value_sql id 0) FROM ($base) b"
	while :; do
		have=$(bench_sql "SELECT COUNT(*) FROM $table WHERE meta_key='_syteops_bench'")
		[ "$have" -ge "$want" ] && break
		take=$(( want - have < have ? want - have : have ))
		bench_sql "$set_tpl INSERT INTO $table ($owner, meta_key, meta_value) SELECT $owner, '_syteops_bench', $(bulk_value_sql "$key" "$pass")
			FROM $table WHERE meta_key='_syteops_bench' ORDER BY $key LIMIT $take"
		pass=$(( pass + 1 ))
	done
	log "$table: $have bulk rows"
}

# gen_uploads DIR MEDIA_MB TEXT_MB: incompressible .jpg files (AES-CTR keystream: deterministic, fast) and
# compressible .css/.txt files (slices of WordPress's own CSS and JavaScript).
gen_uploads() {
	local dir=$1/bench media=$2 text=$3 corpus="$WORK/corpus.txt"
	rm -rf "$dir"; mkdir -p "$dir/media" "$dir/text"
	cat /usr/share/wordpress/wp-includes/css/*.css /usr/share/wordpress/wp-includes/js/*.js > "$corpus"
	(
		set +o pipefail
		openssl enc -aes-128-ctr -nosalt -pass pass:syteops-bench -pbkdf2 -in /dev/zero 2>/dev/null | head -c "$(( media * 1048576 ))" \
			| split -b 768K -d -a 5 --additional-suffix=.jpg - "$dir/media/photo-"
		{ while cat "$corpus"; do :; done; } 2>/dev/null | head -c "$(( text * 1048576 / 2 ))" \
			| split -b 40K -d -a 5 --additional-suffix=.css - "$dir/text/style-"
		{ while cat "$corpus"; do :; done; } 2>/dev/null | tail -c +4097 | head -c "$(( text * 1048576 / 2 ))" \
			| split -b 24K -d -a 5 --additional-suffix=.txt - "$dir/text/notes-"
	)
	log "uploads: $(find "$dir" -type f | wc -l) files, $(du -sm "$dir" | cut -f1) MB"
}

# generate_site SCALE DB_MB MEDIA_MB TEXT_MB (skipped when the same size was generated before).
generate_site() {
	local marker="$DATA/generated" want="$*"
	if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then log "site already generated ($want)"; return; fi
	rm -f "$marker"
	log "seeding $BENCH_DB at scale $1"
	node "$ROOT/build/node/tools/seed/main.js" --db-host "$DB_HOST" --db-port "$DB_PORT" --db-user "$DB_USER" \
		--db-password "$DB_PASSWORD" --db-name "$BENCH_DB" --prefix "$TABLE_PREFIX" --site-url "$URL_A" \
		--uploads-dir "$SITE/wp-content/uploads" --seed 42 --scale "$1" >&2
	# About 1 KB a bulk row: 70% of the target in postmeta, 30% in usermeta.
	local rows=$(( $2 * 1024 ))
	grow_meta postmeta meta_id post_id "SELECT ID AS id FROM ${TABLE_PREFIX}posts" $(( rows * 7 / 10 ))
	grow_meta usermeta umeta_id user_id "SELECT ID AS id FROM ${TABLE_PREFIX}users" $(( rows * 3 / 10 ))
	gen_uploads "$SITE/wp-content/uploads" "$3" "$4"
	echo "$want" > "$marker"
}
