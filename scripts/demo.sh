#!/usr/bin/env bash
# After the stack is up: runs the product's main job end to end through the real REST API and prints what
# happened, then how to log in. Safe to run again.
source "$(dirname "$0")/stack/config.sh"
set -a; source "$STACK_DIR/env"; set +a
demo="$ROOT_DIR/build/node/tools/demo/main.js"
if [ -f "$demo" ]; then
	node "$demo" --env "$STACK_DIR/env"
fi
cat <<TXT

SyteOps Backup demo is up.
  Site A (seeded):      $WP_URL/wp-admin/admin.php?page=syteops
  Site B (receives):    $WP2_URL/wp-admin/admin.php?page=syteops
  Log in as:            $WP_ADMIN_USER / $WP_ADMIN_PASSWORD   (editor: $WP_EDITOR_USER / $WP_EDITOR_PASSWORD)
  Sidecars:             $SIDECAR_URL (A), $SIDECAR2_URL (B), loopback only
  Everything else:      $STACK_DIR/env; logs in $STACK_DIR/logs; stop with: make stop
TXT
