/**
 * `syteops-backup --help`. The full reference is docs/cli.md ("Commands").
 */
export const USAGE = `usage: syteops-backup [--json] [--wp-config PATH] <command> [options]

commands:
  create [--label L]                 take a full backup (type manual); prints the snapshot id and size
  list [--page N] [--per-page N] [--all]
                                     snapshots of the catalog, newest first (--all: every one, deleted too)
  verify <snapshot-id | file.zip>    integrity check with named findings; exit 1 when not ok
  preview <snapshot-id | file.zip>   counts, scope, cross-site or not, rows now vs in the archive
  restore <snapshot-id | file.zip> --yes [--no-url-rewrite]
                                     replace this site with the backup (a file is verified and registered first)
  export --scope master|tab|module|user [--name N] [--user-id ID | --user-login L] [--out FILE] [--label L]
                                     scoped export (type export); --out also copies the archive to FILE
  import <snapshot-id | file.zip> [--yes] [--no-url-rewrite]
                                     import a scoped export into this site; without --yes only show the plan
  sql <file.zip> [--prefix P] [-o out.sql]
                                     plain SQL dump of an archive; needs no site, database or configuration
  rescan                             rebuild the catalog from the storage directory's archives
  serve                              run the sidecar service

global options:
  --json             one JSON document on stdout; errors as {code,message,data:{status}} on stderr
  --wp-config PATH   the site's wp-config.php (default: SYTEOPS_WP_CONFIG, or DB_* / SYTEOPS_* variables)
  -h, --help         this text

exit codes: 0 done, 1 failed (or verify found errors), 2 usage error
`;
