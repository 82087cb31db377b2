/**
 * The post-restore checklist, for full restores (restore.ts) and scoped imports: the pure builder and the
 * collector that gathers its facts from an archive being loaded.
 */
export {
	buildPostRestoreChecklist,
	mediaLibraryPath,
	MAX_LISTED_PICTURES,
	type ChecklistFacts,
	type IntegrationItem,
	type PictureItem,
	type PostRestoreChecklist,
} from './build';
export {
	ChecklistCollector,
	uploadsUrlOf,
	type ChecklistContext,
} from './facts';
