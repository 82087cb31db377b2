#!/usr/bin/env bash
# Regenerates languages/syteops-backup.pot from the PHP and admin sources.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
node build/node/tools/i18n/make-pot.js "$@"
