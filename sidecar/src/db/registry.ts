/**
 * The part of the SyteOps data model registry (plugin/data-model.json, or the effective copy PHP stores in
 * the option syteops_registry) that the database layer needs. Structural, so the full registry object can
 * be passed as it is.
 */
export interface DbRegistry {
	internal: {
		/** Table suffixes (names without the site prefix) never inside a snapshot, never overwritten. */
		tables: readonly string[];
		/** Suffix prefixes of the backup's own working tables (staging, old). */
		table_prefixes: readonly string[];
		/** wp_options rows never inside a snapshot, kept from the destination on restore. */
		options: readonly string[];
	};
	secrets: {
		table: string;
		fields: ReadonlyArray< { name: string } >;
	};
}
