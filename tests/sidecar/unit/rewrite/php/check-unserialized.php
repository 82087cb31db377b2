<?php
/**
 * Oracle for the property test: reads a JSON list of {serialized, expected} on stdin, unserializes each
 * value with PHP's own unserialize() (no class is allowed) and compares it with the expected spec (see
 * build-serialized.php). Prints the JSON list of failures, each {index, reason}.
 */

function compare_value( $actual, array $spec, bool $decoded_json, string $path ) {
	switch ( $spec['t'] ) {
		case 's':
		case 'i':
		case 'b':
			return $actual === $spec['v'] ? null : "$path differs";
		case 'd':
			// json_encode() writes 2.0 as 2 (no JSON_PRESERVE_ZERO_FRACTION), which decodes as an int.
			$number = $decoded_json && is_int( $actual ) ? (float) $actual : $actual;
			return is_float( $number ) && $number === (float) $spec['v'] ? null : "$path float differs";
		case 'n':
			return null === $actual ? null : "$path is not null";
		case 'a':
		case 'o':
			return compare_entries( $actual, $spec, $decoded_json, $path );
		case 'ser':
			if ( ! is_string( $actual ) ) {
				return "$path is not a string";
			}
			$inner = unserialize( $actual, array( 'allowed_classes' => false ) );
			if ( false === $inner && 'b:0;' !== $actual ) {
				return "$path: PHP rejects the nested serialized string";
			}
			return compare_value( $inner, $spec['v'], false, "$path/ser" );
		case 'json':
			$inner = is_string( $actual ) ? json_decode( $actual, true ) : null;
			if ( JSON_ERROR_NONE !== json_last_error() || null === $inner ) {
				return "$path: the nested JSON does not decode";
			}
			return compare_value( $inner, $spec['v'], true, "$path/json" );
	}
	return "$path: unknown spec type";
}

function compare_entries( $actual, array $spec, bool $decoded_json, string $path ) {
	$is_object = 'o' === $spec['t'] && ! $decoded_json;
	if ( $is_object ? ! is_object( $actual ) : ! is_array( $actual ) ) {
		return "$path has the wrong type";
	}
	$entries = (array) $actual;
	unset( $entries['__PHP_Incomplete_Class_Name'] );
	$keys = array_map( fn( $entry ) => $entry[0], $spec['e'] );
	if ( array_keys( $entries ) !== $keys ) {
		return "$path keys differ";
	}
	foreach ( $spec['e'] as list( $key, $value ) ) {
		$failure = compare_value( $entries[ $key ], $value, $decoded_json, "$path/$key" );
		if ( null !== $failure ) {
			return $failure;
		}
	}
	return null;
}

$failures = array();
$items    = json_decode( stream_get_contents( STDIN ), true, 512, JSON_THROW_ON_ERROR );
foreach ( $items as $index => $item ) {
	$value = unserialize( $item['serialized'], array( 'allowed_classes' => false ) );
	if ( false === $value && 'b:0;' !== $item['serialized'] ) {
		$failures[] = array( 'index' => $index, 'reason' => 'PHP rejects the rewritten value' );
		continue;
	}
	$failure = compare_value( $value, $item['expected'], false, '' );
	if ( null !== $failure ) {
		$failures[] = array( 'index' => $index, 'reason' => $failure );
	}
}
echo json_encode( $failures );
