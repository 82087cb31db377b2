#!/usr/bin/env bash
# Installs what the product, its demo and its tests need on a fresh Debian 12 machine (as root). Idempotent:
# packages already present are not reinstalled, and npm ci runs only when the lockfile changed.
set -euo pipefail
ROOT_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
PACKAGES=(mariadb-server mariadb-client php-cli php-mysql php-curl php-xml php-mbstring php-zip wordpress chromium
	phpunit php-codesniffer zip unzip time gettext)
missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "[deps] installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian's mariadb-server starts the system instance; we never use it (our own runs under the stack dir).
cd "$ROOT_DIR"
stamp=node_modules/.syteops-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package.json "$stamp"; then
	# `npm install`, not `npm ci`: npm 11 leaves other platforms' optional bindings out of the lockfile and then
	# `npm ci` refuses its own lock. `npm install` still installs the locked versions.
	echo "[deps] npm install (from package-lock.json)"
	npm install --no-audit --no-fund --loglevel=error
	cp package.json "$stamp"
fi
