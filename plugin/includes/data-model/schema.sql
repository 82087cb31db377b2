-- The SyteOps tables, one CREATE TABLE per table, in the format dbDelta() expects (one column per line,
-- two spaces after PRIMARY KEY, KEY instead of INDEX). {prefix} is the site's table prefix and
-- {charset_collate} the site's "DEFAULT CHARACTER SET utf8mb4 COLLATE ..." clause.
-- Read by SyteOps_Backup_Schema (PHP, activation) and by tools/seed (benchmark sites without the plugin).
-- Every DATETIME column holds UTC. Comment lines start with "--" and are stripped before use.

CREATE TABLE {prefix}syteops_notes (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  owner_user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  title varchar(200) NOT NULL DEFAULT '',
  body longtext NOT NULL,
  visibility varchar(20) NOT NULL DEFAULT 'private',
  color varchar(20) NOT NULL DEFAULT 'default',
  is_pinned tinyint(1) NOT NULL DEFAULT 0,
  tags varchar(255) NOT NULL DEFAULT '',
  link_url varchar(255) NOT NULL DEFAULT '',
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  KEY owner_user_id (owner_user_id)
) ENGINE=InnoDB {charset_collate};

CREATE TABLE {prefix}syteops_estimates (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  owner_user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  estimate_number varchar(32) NOT NULL DEFAULT '',
  client_name varchar(200) NOT NULL DEFAULT '',
  client_email varchar(100) NOT NULL DEFAULT '',
  status varchar(20) NOT NULL DEFAULT 'draft',
  currency char(3) NOT NULL DEFAULT 'USD',
  line_items longtext NOT NULL,
  subtotal_cents bigint(20) NOT NULL DEFAULT 0,
  tax_cents bigint(20) NOT NULL DEFAULT 0,
  total_cents bigint(20) NOT NULL DEFAULT 0,
  notes text NOT NULL,
  public_url varchar(255) NOT NULL DEFAULT '',
  valid_until date DEFAULT NULL,
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  KEY owner_user_id (owner_user_id),
  KEY estimate_number (estimate_number)
) ENGINE=InnoDB {charset_collate};

CREATE TABLE {prefix}syteops_license_connections (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  connection_key varchar(64) NOT NULL DEFAULT '',
  site_url varchar(255) NOT NULL DEFAULT '',
  site_name varchar(200) NOT NULL DEFAULT '',
  status varchar(20) NOT NULL DEFAULT 'active',
  plan varchar(40) NOT NULL DEFAULT '',
  issued_to_email varchar(100) NOT NULL DEFAULT '',
  issued_by_user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  issued_at datetime NOT NULL,
  expires_at datetime DEFAULT NULL,
  last_seen_at datetime DEFAULT NULL,
  meta longtext NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY connection_key (connection_key),
  KEY status (status)
) ENGINE=InnoDB {charset_collate};

CREATE TABLE {prefix}syteops_license_blacklist (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  kind varchar(20) NOT NULL DEFAULT 'domain',
  value varchar(191) NOT NULL DEFAULT '',
  reason varchar(255) NOT NULL DEFAULT '',
  added_by_user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  created_at datetime NOT NULL,
  expires_at datetime DEFAULT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY kind_value (kind,value)
) ENGINE=InnoDB {charset_collate};

CREATE TABLE {prefix}syteops_secrets (
  name varchar(191) NOT NULL,
  value longtext NOT NULL,
  updated_by_user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (name)
) ENGINE=InnoDB {charset_collate};

CREATE TABLE {prefix}syteops_backups (
  id char(32) NOT NULL,
  site_id bigint(20) unsigned NOT NULL DEFAULT 1,
  taken_at datetime NOT NULL,
  taken_by_user_id bigint(20) unsigned DEFAULT NULL,
  type varchar(20) NOT NULL DEFAULT 'manual',
  scope varchar(100) NOT NULL DEFAULT 'full',
  status varchar(20) NOT NULL DEFAULT 'capturing',
  size_bytes bigint(20) unsigned NOT NULL DEFAULT 0,
  retention_until datetime DEFAULT NULL,
  pinned tinyint(1) NOT NULL DEFAULT 0,
  pin_label varchar(100) DEFAULT NULL,
  pin_expires_at datetime DEFAULT NULL,
  label varchar(200) NOT NULL DEFAULT '',
  archive_name varchar(255) NOT NULL DEFAULT '',
  manifest_summary longtext,
  error_code varchar(64) DEFAULT NULL,
  error_message text,
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  KEY taken_at (taken_at),
  KEY status (status),
  KEY retention_until (retention_until)
) ENGINE=InnoDB {charset_collate};

CREATE TABLE {prefix}syteops_jobs (
  id char(32) NOT NULL,
  kind varchar(32) NOT NULL,
  state varchar(20) NOT NULL DEFAULT 'queued',
  phase varchar(64) NOT NULL DEFAULT '',
  progress_done bigint(20) unsigned NOT NULL DEFAULT 0,
  progress_total bigint(20) unsigned NOT NULL DEFAULT 0,
  snapshot_id char(32) DEFAULT NULL,
  user_id bigint(20) unsigned DEFAULT NULL,
  capability varchar(64) NOT NULL DEFAULT '',
  params longtext,
  result longtext,
  error longtext,
  owner_pid int(10) unsigned DEFAULT NULL,
  heartbeat_at datetime DEFAULT NULL,
  created_at datetime NOT NULL,
  started_at datetime DEFAULT NULL,
  updated_at datetime NOT NULL,
  finished_at datetime DEFAULT NULL,
  PRIMARY KEY  (id),
  KEY state (state),
  KEY snapshot_id (snapshot_id)
) ENGINE=InnoDB {charset_collate};

CREATE TABLE {prefix}syteops_audit (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  created_at datetime NOT NULL,
  user_id bigint(20) unsigned DEFAULT NULL,
  actor varchar(20) NOT NULL DEFAULT 'user',
  action varchar(64) NOT NULL,
  type varchar(20) NOT NULL DEFAULT 'other',
  snapshot_id char(32) DEFAULT NULL,
  change_shape longtext,
  PRIMARY KEY  (id),
  KEY created_at (created_at),
  KEY type_created (type,created_at)
) ENGINE=InnoDB {charset_collate};
