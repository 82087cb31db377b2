/**
 * The one error catalogue. Every failure the sidecar reports is a SyteOpsError built from an entry here,
 * serialised in the WordPress REST error shape `{ code, message, data: { status } }` so the PHP client can
 * pass it through as a WP_Error unchanged and the admin can show `message` as it is.
 *
 * Messages are templates: `{name}` is replaced by the detail of the same name. Details must never carry a
 * secret; they are shown to users and written to logs.
 */
export const ERRORS = {
	syteops_not_implemented: {
		status: 501,
		message:
			'This action ({action}) is not available in this version of SyteOps Backup yet.',
	},
	syteops_not_found: {
		status: 404,
		message: 'No route matches {method} {path}.',
	},
	syteops_internal: {
		status: 500,
		message:
			'SyteOps Backup hit an unexpected error. The details are in the sidecar log (reference {ref}).',
	},
	syteops_config_invalid: {
		status: 500,
		message: 'The sidecar configuration is invalid: {param}: {reason}.',
	},
	syteops_bad_request: {
		status: 400,
		message: 'The request is invalid: {reason}',
	},
	syteops_invalid_param: {
		status: 400,
		message: 'Invalid parameter {param}: {reason}',
	},
	syteops_body_too_large: {
		status: 413,
		message:
			'The request body is larger than the sidecar accepts ({limit} bytes).',
	},
	syteops_unsigned: {
		status: 401,
		message: 'The request to the sidecar is not signed.',
	},
	syteops_bad_signature: {
		status: 401,
		message: 'The request signature does not match.',
	},
	syteops_stale_request: {
		status: 401,
		message:
			'The request timestamp is outside the allowed clock skew of {skew} seconds.',
	},
	syteops_replayed_request: {
		status: 401,
		message: 'This request id was already used.',
	},
	syteops_bad_host: {
		status: 403,
		message:
			'The sidecar only answers requests addressed to a loopback host.',
	},
	syteops_forbidden: {
		status: 403,
		message: 'You are not allowed to {action}.',
	},
	syteops_database_unavailable: {
		status: 503,
		message: 'The sidecar cannot reach the site database: {reason}',
	},
	syteops_snapshot_not_found: {
		status: 404,
		message: 'There is no snapshot with id {id}.',
	},
	syteops_job_not_found: {
		status: 404,
		message: 'There is no job with id {id}.',
	},
	syteops_busy: {
		status: 409,
		message:
			'Another {running} is running (job {job_id}). Wait for it to finish, then try again.',
	},
	syteops_schedule_invalid: {
		status: 400,
		message: "The schedule setting '{label}' is invalid: {reason}",
	},
	syteops_schedule_exceeds_storage: {
		status: 400,
		message:
			'These settings would keep {count} scheduled snapshots of about {archive_size} each ({required} in all), but the storage allowance is {allowance}. {advice}',
	},
	syteops_storage_coming_soon: {
		status: 400,
		message:
			'The {target} storage target is coming soon and cannot be used yet. Choose local storage.',
	},
	syteops_storage_unwritable: {
		status: 500,
		message: 'The backup storage directory {path} cannot be used: {reason}',
	},
	syteops_storage_bad_name: {
		status: 400,
		message:
			'"{name}" is not a valid archive name (expected 32 lowercase hex characters followed by .zip).',
	},
	syteops_archive_not_found: {
		status: 404,
		message: 'The archive {name} is not in the backup storage.',
	},
	syteops_archive_exists: {
		status: 409,
		message:
			'The archive {name} is already in the backup storage; archives are written once.',
	},
	syteops_archive_unsupported_version: {
		status: 422,
		message:
			'This archive uses format {format} version {version}, which this version of SyteOps Backup cannot read (it reads version {supported}).',
	},
	syteops_archive_truncated: {
		status: 422,
		message: 'The archive is truncated or is not a ZIP file: {reason}',
	},
	syteops_archive_bad_central_directory: {
		status: 422,
		message:
			'The archive’s ZIP directory is damaged or not in the SyteOps format: {reason}',
	},
	syteops_archive_entry_absolute_path: {
		status: 422,
		message: 'The archive entry {path} has an absolute path.',
	},
	syteops_archive_entry_traversal: {
		status: 422,
		message:
			'The archive entry {path} contains a ".." segment that would escape the restore directory.',
	},
	syteops_archive_entry_drive_letter: {
		status: 422,
		message: 'The archive entry {path} starts with a drive letter.',
	},
	syteops_archive_entry_backslash: {
		status: 422,
		message: 'The archive entry {path} contains a backslash.',
	},
	syteops_archive_entry_control_char: {
		status: 422,
		message:
			'The archive entry {path} contains a NUL or control character.',
	},
	syteops_archive_entry_empty_segment: {
		status: 422,
		message:
			'The archive entry {path} is empty or contains an empty or "." path segment.',
	},
	syteops_archive_entry_name_too_long: {
		status: 422,
		message: 'The archive entry name {path} is longer than {limit} bytes.',
	},
	syteops_archive_entry_outside_root: {
		status: 422,
		message:
			'The archive entry {path} resolves outside the directory it is restored into.',
	},
	syteops_archive_symlink_entry: {
		status: 422,
		message:
			'The archive entry {path} is a symbolic link; archives may not contain links.',
	},
	syteops_archive_duplicate_entry: {
		status: 422,
		message: 'The archive contains the entry {path} more than once.',
	},
	syteops_archive_too_many_entries: {
		status: 422,
		message:
			'The archive has {count} entries, more than the limit of {limit}.',
	},
	syteops_archive_too_large: {
		status: 422,
		message:
			'The archive unpacks to {size} bytes, more than the limit of {limit}.',
	},
	syteops_archive_compression_ratio: {
		status: 422,
		message:
			'The archive {path} expands {ratio} times, more than the limit of {limit} (a ZIP bomb).',
	},
	syteops_archive_encrypted_entry: {
		status: 422,
		message:
			'The archive entry {path} is encrypted; SyteOps archives are never encrypted inside the ZIP.',
	},
	syteops_archive_unsupported_compression: {
		status: 422,
		message:
			'The archive entry {path} uses compression method {method}; only stored and deflated entries are read.',
	},
	syteops_archive_manifest_missing: {
		status: 422,
		message: 'The archive has no manifest.json.',
	},
	syteops_archive_manifest_invalid_json: {
		status: 422,
		message: 'The archive’s manifest.json is not valid JSON: {reason}',
	},
	syteops_archive_manifest_invalid: {
		status: 422,
		message: 'The archive’s manifest.json is invalid at {field}: {reason}',
	},
	syteops_archive_checksum_mismatch: {
		status: 422,
		message:
			'The archive entry {path} is corrupt: its {check} does not match.',
	},
	syteops_archive_size_mismatch: {
		status: 422,
		message:
			'The archive entry {path} holds {actual} bytes, not the {expected} bytes it declares.',
	},
	syteops_archive_entry_corrupt: {
		status: 422,
		message: 'The archive entry {path} cannot be decompressed: {reason}',
	},
	syteops_archive_entry_missing: {
		status: 422,
		message:
			'The manifest lists {path}, but the archive does not contain it.',
	},
	syteops_archive_unexpected_entry: {
		status: 422,
		message:
			'The archive contains {path}, which its manifest does not list.',
	},
	syteops_archive_rows_invalid: {
		status: 422,
		message: 'The table data {path} is invalid at line {line}: {reason}',
	},
	syteops_archive_row_too_large: {
		status: 422,
		message:
			'The table data {path} has a row longer than the limit of {limit} bytes.',
	},
	syteops_archive_section_mismatch: {
		status: 422,
		message:
			'The manifest’s {section} does not match the archive: {reason}',
	},
	syteops_archive_write_failed: {
		status: 507,
		message: 'The archive could not be written: {reason}',
	},
	syteops_archive_writer_misuse: {
		status: 500,
		message: 'The archive writer was used incorrectly: {reason}',
	},
	syteops_files_extract_failed: {
		status: 500,
		message:
			'The backup’s files could not be unpacked into the staging directory ({reason}); the live files were not touched.',
	},
	syteops_files_swap_failed: {
		status: 500,
		message:
			'The restored files could not be moved into place ({step}: {reason}); the live files were put back as they were.',
	},
	syteops_files_leftovers: {
		status: 409,
		message:
			'An earlier restore left {path} in wp-content. It is cleaned up when the sidecar starts; restart it and try again.',
	},
	syteops_db_query_failed: {
		status: 503,
		message: 'A database query failed while {operation}: {reason}',
	},
	syteops_db_schema_invalid: {
		status: 422,
		message:
			'The table definition {path} in the archive is not accepted: {reason}',
	},
	syteops_db_table_refused: {
		status: 422,
		message: 'The table {table} cannot be restored: {reason}',
	},
	syteops_db_name_too_long: {
		status: 422,
		message:
			'The table prefix {prefix} is too long to name the working table for {table} within the 64-character limit.',
	},
	syteops_job_interrupted: {
		status: 500,
		message:
			'The sidecar stopped before this job finished. Nothing was changed on the site; start it again.',
	},
	syteops_restore_unconfirmed: {
		status: 400,
		message:
			'Restoring replaces this site with the backup. Tick the confirmation and try again.',
	},
	syteops_snapshot_not_available: {
		status: 409,
		message: 'Snapshot {id} is {status}, so it cannot be {action}.',
	},
	syteops_snapshot_pinned: {
		status: 409,
		message: 'Snapshot {id} is pinned. Unpin it first, then delete it.',
	},
	syteops_last_snapshot: {
		status: 409,
		message:
			'Snapshot {id} is the most recent available backup and no automatic schedule is configured, so it cannot be deleted. Take a newer backup or configure a schedule first.',
	},
	syteops_upload_not_found: {
		status: 404,
		message: 'There is no upload with id {id}. Start the upload again.',
	},
	syteops_upload_offset_mismatch: {
		status: 409,
		message:
			'This chunk starts at byte {offset} but the upload has {expected_offset} bytes. Resume from byte {expected_offset}.',
	},
	syteops_upload_too_large: {
		status: 413,
		message:
			'The upload is larger than the {limit} bytes it declared or the sidecar accepts.',
	},
	syteops_upload_incomplete: {
		status: 409,
		message:
			'The upload has {received} of {size} bytes. Send the rest before completing it.',
	},
	syteops_chunk_digest_mismatch: {
		status: 400,
		message:
			'The chunk at byte {offset} arrived damaged (its checksum does not match). Send it again.',
	},
	syteops_cross_site_not_allowed: {
		status: 403,
		message:
			'This archive comes from site {site_id} ({site_url}), which is not on this site’s cross-site import allowlist, so it was not kept. An administrator can add that site id to the allowlist (the import gate settings), or upload a backup from an allowed site.',
	},
	syteops_restore_scope: {
		status: 409,
		message:
			'Snapshot {id} is a scoped export ({scope}); import it with POST /imports instead of restoring it.',
	},
	syteops_restore_verification_failed: {
		status: 500,
		message:
			'The restored data did not match the backup (tables: {tables}). The site was put back exactly as it was.',
	},
	syteops_archive_file_missing: {
		status: 410,
		message:
			'The archive of snapshot {id} is no longer in the storage directory, so this snapshot cannot be used. Found by a catalog rescan.',
	},
	syteops_archive_file_checksum_mismatch: {
		status: 422,
		message:
			'The archive file no longer matches the checksum recorded when it was written: it was damaged on disk. Its entries still read correctly, but do not rely on it; take a new backup.',
	},
	syteops_export_unknown_scope: {
		status: 404,
		message: 'This site has no {kind} named {name} (it has: {known}).',
	},
	syteops_export_user_not_found: {
		status: 404,
		message: 'There is no user with {field} {value} on this site.',
	},
	syteops_export_table_missing: {
		status: 409,
		message:
			'The table {table} that this export reads does not exist on this site (is its module installed?). Nothing was exported.',
	},
	syteops_import_not_export: {
		status: 409,
		message:
			'Snapshot {id} is a full backup, not a scoped export; restore it with POST /backups/{id}/restore instead.',
	},
	syteops_import_unconfirmed: {
		status: 400,
		message:
			'Importing changes this site’s data in the export’s scope. Tick the confirmation and try again.',
	},
	syteops_import_email_conflict: {
		status: 409,
		message:
			'The user {login} in the export has the email {email}, which belongs to another user ({other_login}) on this site. Change one of the two emails, then import again. Nothing was imported.',
	},
	syteops_import_table_missing: {
		status: 409,
		message:
			'This site has no table {table} for the {part} in the export (is its module installed?). Nothing was imported.',
	},
	syteops_license_locked: {
		status: 423,
		message:
			'{action} are locked because a backup was restored onto this site (snapshot {snapshot_id}). Re-check the Product License under SyteOps → Admin → Product License → Recheck, then try again.',
	},
	syteops_license_missing: {
		status: 409,
		message:
			'No Product License key is saved on this site, so the license cannot be confirmed and any post-restore lock stays. Enter this site’s Product License key, then re-check.',
	},
	syteops_license_invalid: {
		status: 422,
		message:
			'The Product License key saved on this site is not valid ({reason}), so any post-restore lock stays. Enter the key issued for this site, then re-check.',
	},
	syteops_license_expired: {
		status: 409,
		message:
			'The Product License of this site expired on {expires_at}, so any post-restore lock stays. Renew the license, then re-check.',
	},
	syteops_license_site_mismatch: {
		status: 409,
		message:
			'The Product License saved on this site is for {licensed_site}, not for this site ({site_url}), so any post-restore lock stays. A restore never moves a license between sites: enter the key issued for this site, then re-check.',
	},
	syteops_license_authority_unconfigured: {
		status: 503,
		message:
			'This site has no license authority key configured (SYTEOPS_LICENSE_AUTHORITY_KEY in wp-config.php), so Product Licenses and packages cannot be checked.',
	},
	syteops_package_invalid: {
		status: 422,
		message: 'The package is not accepted: {reason}.',
	},
	syteops_module_not_found: {
		status: 404,
		message: 'There is no module named {name} on this site.',
	},
	syteops_package_not_newer: {
		status: 409,
		message:
			'Module {name} is already at version {current}; the package holds version {version}. Only newer versions are installed.',
	},
} as const satisfies Record< string, { status: number; message: string } >;

export type ErrorCode = keyof typeof ERRORS;
export type ErrorDetails = Record<
	string,
	string | number | boolean | null | undefined
>;

export interface RestErrorBody {
	code: string;
	message: string;
	data: { status: number; details?: ErrorDetails };
}

/** A catalogued failure; throw it anywhere, the HTTP edge turns it into a REST error body. */
export class SyteOpsError extends Error {
	readonly code: ErrorCode;
	readonly status: number;
	readonly details: ErrorDetails;

	/**
	 * @param code     A catalogue code.
	 * @param details  Values for the message template (never secrets).
	 * @param rendered A message already rendered from this code's template elsewhere (e.g. a verify finding).
	 */
	constructor(
		code: ErrorCode,
		details: ErrorDetails = {},
		rendered?: string
	) {
		super( rendered ?? formatMessage( ERRORS[ code ].message, details ) );
		this.name = 'SyteOpsError';
		this.code = code;
		this.status = ERRORS[ code ].status;
		this.details = details;
	}

	toRestBody(): RestErrorBody {
		return {
			code: this.code,
			message: this.message,
			data: { status: this.status, details: this.details },
		};
	}
}

export function formatMessage(
	template: string,
	details: ErrorDetails
): string {
	return template.replace( /\{(\w+)\}/g, ( whole, name: string ) => {
		const value = details[ name ];
		return value === undefined || value === null ? whole : String( value );
	} );
}

export function isSyteOpsError( error: unknown ): error is SyteOpsError {
	return error instanceof SyteOpsError;
}
