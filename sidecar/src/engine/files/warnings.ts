/**
 * Things that go wrong with single files during a capture. Like borg's warnings, they are reported and
 * written into the manifest but never abort a backup: a site with one unreadable upload must still be
 * backed up. Pure.
 */

export type ContentWarningCode =
	| 'unreadable'
	| 'vanished'
	| 'special_file'
	| 'unsafe_name'
	| 'changed_while_read'
	| 'top_dir_symlink';

export interface ContentWarning {
	code: ContentWarningCode;
	/** Path relative to wp-content (posix). */
	path: string;
	/** A human sentence for the manifest's `warnings` and the job result; never holds file contents. */
	message: string;
}

const TEMPLATES: Readonly< Record< ContentWarningCode, string > > = {
	unreadable:
		'wp-content/{path} could not be read ({reason}) and was left out.',
	vanished:
		'wp-content/{path} disappeared or could not be examined during the backup ({reason}) and was left out.',
	special_file:
		'wp-content/{path} is a {reason}, not a regular file, and was left out.',
	unsafe_name:
		'wp-content/{path} has a name that cannot be stored in an archive ({reason}) and was left out.',
	changed_while_read:
		'wp-content/{path} changed while it was being backed up ({reason}); the archive holds the bytes that were read.',
	top_dir_symlink:
		'wp-content/{path} is a symbolic link to {reason}; the link is recorded but what it points to is not backed up.',
};

/**
 * Builds a warning with its message.
 * @param code   what went wrong
 * @param rel    the path relative to wp-content
 * @param reason a short explanation (an errno code, a file type, a size change)
 */
export function contentWarning(
	code: ContentWarningCode,
	rel: string,
	reason: string
): ContentWarning {
	const message = TEMPLATES[ code ]
		.replace( '{path}', rel )
		.replace( '{reason}', reason );
	return { code, path: rel, message };
}

/**
 * The errno code of a failed fs call (EACCES, ENOENT, ...), or its message when it has none.
 * @param error what a node:fs call threw
 */
export function reasonOf( error: unknown ): string {
	const { code, message } = error as NodeJS.ErrnoException;
	return code ?? message ?? String( error );
}
