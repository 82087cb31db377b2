<?php
/**
 * Oracle for the property test: reads a JSON list of value specs on stdin and prints the JSON list of
 * their PHP serialize() output. A spec is {t: s|i|d|b|n, v} for scalars, {t: a|o, e: [[key, spec]...]}
 * for arrays and stdClass objects, {t: ser, v: spec} for a string holding serialize(spec) and
 * {t: json, v: spec} for a string holding json_encode(spec).
 */

function build_value( array $spec ) {
	switch ( $spec['t'] ) {
		case 's':
		case 'i':
		case 'b':
			return $spec['v'];
		case 'd':
			return (float) $spec['v'];
		case 'n':
			return null;
		case 'a':
		case 'o':
			$entries = array();
			foreach ( $spec['e'] as list( $key, $value ) ) {
				$entries[ $key ] = build_value( $value );
			}
			return 'o' === $spec['t'] ? (object) $entries : $entries;
		case 'ser':
			return serialize( build_value( $spec['v'] ) );
		case 'json':
			return json_encode( build_value( $spec['v'] ), JSON_THROW_ON_ERROR );
	}
	throw new InvalidArgumentException( 'unknown spec type ' . $spec['t'] );
}

$specs = json_decode( stream_get_contents( STDIN ), true, 512, JSON_THROW_ON_ERROR );
echo json_encode( array_map( fn( $spec ) => serialize( build_value( $spec ) ), $specs ), JSON_THROW_ON_ERROR );
