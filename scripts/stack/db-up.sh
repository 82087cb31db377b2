#!/usr/bin/env bash
# Starts the stack's private MariaDB (own data directory, loopback only) and creates both sites' databases.
source "$(dirname "$0")/config.sh"
mkdir -p "$STACK_DIR/mariadb" "$RUN_DIR" "$LOG_DIR"
CNF="$STACK_DIR/mariadb/my.cnf"
ROOT_PW="$(secret db-root)"
APP_PW="$(secret db-app)"
cat > "$CNF" <<CNF
[mysqld]
datadir=$STACK_DIR/mariadb/data
socket=$RUN_DIR/mariadb.sock
pid-file=$RUN_DIR/mariadb.pid
port=$DB_PORT
bind-address=127.0.0.1
user=root
skip-name-resolve
log-error=$LOG_DIR/mariadb.err
innodb_buffer_pool_size=256M
innodb_flush_log_at_trx_commit=2
max_allowed_packet=256M
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
CNF
if [ ! -d "$STACK_DIR/mariadb/data/mysql" ]; then
	log "initialising MariaDB data directory"
	mariadb-install-db --defaults-file="$CNF" --auth-root-authentication-method=normal --skip-test-db >"$LOG_DIR/mariadb-install.log" 2>&1
fi
if ! pid_alive "$RUN_DIR/mariadb.pid"; then
	log "starting MariaDB on 127.0.0.1:$DB_PORT"
	nohup mariadbd --defaults-file="$CNF" >>"$LOG_DIR/mariadb.out" 2>&1 &
	for _ in $(seq 150); do
		mariadb-admin --socket="$RUN_DIR/mariadb.sock" -uroot --password="$ROOT_PW" ping >/dev/null 2>&1 && break
		mariadb-admin --socket="$RUN_DIR/mariadb.sock" -uroot ping >/dev/null 2>&1 && break
		sleep 0.2
	done
fi
# mariadb-install-db creates password-less root accounts (localhost, 127.0.0.1, ::1, the host name). Root keeps
# only root@localhost (the socket) with the stack's password; the others are dropped.
if mariadb --socket="$RUN_DIR/mariadb.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1; then
	mariadb --socket="$RUN_DIR/mariadb.sock" -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED BY '$ROOT_PW';"
fi
mariadb --socket="$RUN_DIR/mariadb.sock" -uroot --password="$ROOT_PW" -N -e \
	"SELECT CONCAT('DROP USER IF EXISTS ', QUOTE(User), '@', QUOTE(Host), ';') FROM mysql.user WHERE (User = 'root' AND Host <> 'localhost') OR User = ''" \
	| mariadb --socket="$RUN_DIR/mariadb.sock" -uroot --password="$ROOT_PW"
mariadb --socket="$RUN_DIR/mariadb.sock" -uroot --password="$ROOT_PW" <<SQL
CREATE DATABASE IF NOT EXISTS $DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS $DB2_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$APP_PW';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$APP_PW';
GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'127.0.0.1', '$DB_USER'@'localhost';
GRANT ALL PRIVILEGES ON $DB2_NAME.* TO '$DB_USER'@'127.0.0.1', '$DB_USER'@'localhost';
GRANT RELOAD, PROCESS ON *.* TO '$DB_USER'@'127.0.0.1', '$DB_USER'@'localhost';
SQL
