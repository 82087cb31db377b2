/**
 * The ZIP format's numbers that the writer (zip-records.ts) and the readers (central-directory.ts,
 * zip-structure.ts, entry-checks.ts) must agree on, in one place: record signatures, the canonical values
 * every SyteOps record carries, and the rule for when sizes need ZIP64 (docs/archive-format.md).
 */
export const LOCAL_SIGNATURE = 0x04034b50;
export const DESCRIPTOR_SIGNATURE = 0x08074b50;
export const CENTRAL_SIGNATURE = 0x02014b50;
export const ZIP64_END_SIGNATURE = 0x06064b50;
export const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
export const END_SIGNATURE = 0x06054b50;

export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;

/** Made by Unix, spec 4.5; a regular file, mode 0644, DOS archive bit (what archiver 8 wrote, too). */
export const CANONICAL_VERSION_MADE_BY = 0x032d;
export const CANONICAL_EXTERNAL_ATTRIBUTES = 0x81a40020;

/** The version a streamed entry's local header names: its sizes follow in a data descriptor. */
export const VERSION_STREAMED = 20;
/** The version a directory record with a ZIP64 extra field names. */
export const VERSION_ZIP64 = 45;
export const FLAG_DESCRIPTOR = 0x0008;
export const FLAG_UTF8_NAME = 0x0800;
export const ZIP64_EXTRA_ID = 0x0001;
/** The largest value a 32-bit field holds; in a size or offset field it means "see the ZIP64 record". */
export const MAX_32 = 0xffffffff;
export const MAX_16 = 0xffff;

/**
 * An entry needs 8-byte sizes (in its data descriptor and its ZIP64 extra field) exactly when a size does
 * not fit 32 bits; one that merely starts past 4 GiB keeps a 16-byte descriptor.
 * @param compressedSize
 * @param size
 */
export function hasZip64Sizes( compressedSize: number, size: number ): boolean {
	return compressedSize >= MAX_32 || size >= MAX_32;
}
