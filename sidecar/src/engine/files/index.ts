/**
 * The files layer of the backup engine: wp-content (uploads, themes, plugins) captured into an archive
 * and restored through a staging directory with a per-directory atomic swap. See README.md.
 *
 *     const capture = await captureContent( writer, wpContentDir, { storageDir, onProgress } );
 *     const staging = await createStagingDir( wpContentDir );
 *     await extractContentToStaging( reader, staging, { symlinks, directories, wpContentDir } );
 *     const swap = await swapContent( wpContentDir, staging );
 *     await swap.commit(); // or swap.rollback()
 */
export { walkContent } from './walk';
export type { ContentItem, ContentKind, WalkOptions } from './walk';
export { captureContent } from './capture';
export type {
	CaptureOptions,
	CaptureProgress,
	CaptureResult,
	RecordedSymlink,
} from './capture';
export { extractContentToStaging } from './restore';
export type { ExtractOptions, ExtractResult, SkippedSymlink } from './restore';
export { createStagingDir, swapContent } from './swap';
export type { SwapHandle, SwapOptions, SwapStepName } from './swap';
export { cleanupFileLeftovers } from './leftovers';
export type { CleanupOptions, CleanupReport } from './leftovers';
export { judgeSymlinks } from './symlink-policy';
export type { SymlinkVerdict } from './symlink-policy';
export type { ContentWarning, ContentWarningCode } from './warnings';
export {
	CONTENT_ENTRY_PREFIX,
	DEFAULT_EXCLUDES,
	DEFAULT_TOP_DIRS,
	OWN_PLUGIN_DIR,
} from './layout';
