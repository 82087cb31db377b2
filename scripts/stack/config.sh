# Shared settings for the local stack scripts. Sourced, never run.
# STACK_DIR and PORT_BASE let `make test` run its own stack beside the demo's without touching it.
set -euo pipefail
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_DIR="${STACK_DIR:-$ROOT_DIR/.stack}"
case "$STACK_DIR" in /*) ;; *) STACK_DIR="$ROOT_DIR/$STACK_DIR" ;; esac
PORT_BASE="${PORT_BASE:-8080}"
WP_PORT=$PORT_BASE              # site A
WP2_PORT=$((PORT_BASE + 1))     # site B, receives cross-site restores
SIDECAR_PORT=$((PORT_BASE + 11)) # sidecar of site A
SIDECAR2_PORT=$((PORT_BASE + 12))
DB_PORT=$((PORT_BASE + 226))    # 8306 for the demo stack
DB_NAME=syteops_a
DB2_NAME=syteops_b
DB_USER=syteops
TABLE_PREFIX=wp_
TABLE2_PREFIX=wpb_              # site B deliberately uses another prefix: imports must remap it
RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"
SECRETS_DIR="$STACK_DIR/secrets"

log() { printf '[stack] %s\n' "$*"; }

# Secrets are generated once per stack and kept in files readable by root only.
secret() {
	local file="$SECRETS_DIR/$1"
	if [ ! -s "$file" ]; then
		mkdir -p "$SECRETS_DIR" && chmod 700 "$SECRETS_DIR"
		(umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file")
	fi
	cat "$file"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for_port() {
	local port=$1 what=$2 tries=${3:-100}
	for _ in $(seq "$tries"); do
		if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	log "$what did not start listening on 127.0.0.1:$port; see $LOG_DIR" >&2
	return 1
}

# The stack's stand-in for the SyteOps license authority: one Ed25519 key pair per stack, generated once. The
# private key stays in the secrets directory (tools/license issues licenses and packages with it); the sites
# trust its public key through SYTEOPS_LICENSE_AUTHORITY_KEY in wp-config.php. Prints the public key (base64).
license_authority_key() {
	local file="$SECRETS_DIR/license-authority.pem"
	if [ ! -s "$file" ]; then
		mkdir -p "$SECRETS_DIR" && chmod 700 "$SECRETS_DIR"
		(umask 077 && openssl genpkey -algorithm ed25519 -out "$file")
	fi
	# The raw 32-byte key is the tail of the DER SubjectPublicKeyInfo.
	openssl pkey -in "$file" -pubout -outform DER | tail -c 32 | base64 -w0
}
