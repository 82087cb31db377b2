/**
 * Serialization-safe URL rewrite for cross-site restores and imports (pure, no I/O). See README.md for the
 * decisions on objects, references and what counts as unsafe.
 *
 *     const map = buildUrlMap( 'https://source.example', 'https://target.example' );
 *     const { value, changed, count, unsafe } = rewriteValue( columnValue, map );
 */
export { buildUrlMap } from './url-map';
export type { NeedleEncoding, UrlMap, UrlMapEntry } from './url-map';
export { rewriteText, mentionsSource } from './text';
export type { TextRewrite } from './text';
export { rewriteValue, MAX_NESTED_VALUES } from './value';
export type { RewriteResult, ScalarColumnValue } from './value';
export { UNSAFE_REASONS } from './result';
export type { UnsafeReason } from './result';
export { parseSerialized, MAX_SERIALIZED_DEPTH } from './php-serialized/parse';
export { writeSerialized } from './php-serialized/write';
export { looksSerialized } from './php-serialized/detect';
export { SerializedParseError } from './php-serialized/types';
export type { PhpEntry, PhpNode } from './php-serialized/types';
