/**
 * Real, decodable image files generated from bytes: an RGB PNG and a grayscale baseline JPEG made of
 * flat 8x8 blocks. Small, deterministic, and valid for getimagesize()/GD/browsers.
 */
/* eslint-disable no-bitwise -- CRC, PNG and JPEG encoding are bit arithmetic by nature. */
import { deflateSync } from 'zlib';

import type { Random } from './random';

const CRC_TABLE = Array.from( { length: 256 }, ( _, n ) => {
	let c = n;
	for ( let k = 0; k < 8; k++ ) {
		c = c & 1 ? 0xedb88320 ^ ( c >>> 1 ) : c >>> 1;
	}
	return c >>> 0;
} );

function crc32( data: Buffer ): number {
	let crc = 0xffffffff;
	for ( const byte of data ) {
		crc = CRC_TABLE[ ( crc ^ byte ) & 0xff ] ^ ( crc >>> 8 );
	}
	return ( crc ^ 0xffffffff ) >>> 0;
}

function pngChunk( type: string, data: Buffer ): Buffer {
	const head = Buffer.alloc( 8 );
	head.writeUInt32BE( data.length, 0 );
	head.write( type, 4, 'ascii' );
	const crc = Buffer.alloc( 4 );
	crc.writeUInt32BE( crc32( Buffer.concat( [ head.subarray( 4 ), data ] ) ) );
	return Buffer.concat( [ head, data, crc ] );
}

/**
 * An RGB PNG with a diagonal gradient between two random colours.
 * @param width
 * @param height
 * @param rng
 */
export function makePng( width: number, height: number, rng: Random ): Buffer {
	const from = [ rng.int( 0, 255 ), rng.int( 0, 255 ), rng.int( 0, 255 ) ];
	const to = [ rng.int( 0, 255 ), rng.int( 0, 255 ), rng.int( 0, 255 ) ];
	const raw = Buffer.alloc( ( width * 3 + 1 ) * height );
	for ( let y = 0; y < height; y++ ) {
		const row = y * ( width * 3 + 1 ); // Each row starts with filter type 0 (none).
		for ( let x = 0; x < width; x++ ) {
			const t = ( x + y ) / ( width + height );
			for ( let c = 0; c < 3; c++ ) {
				raw[ row + 1 + x * 3 + c ] = Math.round(
					from[ c ] + ( to[ c ] - from[ c ] ) * t
				);
			}
		}
	}
	const header = Buffer.alloc( 13 );
	header.writeUInt32BE( width, 0 );
	header.writeUInt32BE( height, 4 );
	header.set( [ 8, 2, 0, 0, 0 ], 8 ); // 8-bit depth, truecolour, no interlace.
	return Buffer.concat( [
		Buffer.from( [ 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a ] ),
		pngChunk( 'IHDR', header ),
		pngChunk( 'IDAT', deflateSync( raw ) ),
		pngChunk( 'IEND', Buffer.alloc( 0 ) ),
	] );
}

// Standard luminance DC table (JPEG spec K.3): code counts per length 1..16, then symbols.
const DC_BITS = [ 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 ];
const DC_VALUES = [ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 ];

/**
 * Canonical Huffman codes of a table: symbol -> [ code, length ].
 * @param bits
 * @param values
 */
function huffmanCodes(
	bits: number[],
	values: number[]
): Map< number, [ number, number ] > {
	const codes = new Map< number, [ number, number ] >();
	let code = 0;
	let k = 0;
	bits.forEach( ( count, index ) => {
		for ( let i = 0; i < count; i++ ) {
			codes.set( values[ k++ ], [ code++, index + 1 ] );
		}
		code <<= 1;
	} );
	return codes;
}

/** Writes bits MSB first, with JPEG byte stuffing (0xFF is followed by 0x00). */
class BitWriter {
	private readonly bytes: number[] = [];
	private current = 0;
	private filled = 0;

	write( value: number, length: number ): void {
		for ( let i = length - 1; i >= 0; i-- ) {
			this.current = ( this.current << 1 ) | ( ( value >> i ) & 1 );
			if ( ++this.filled === 8 ) {
				this.push();
			}
		}
	}

	finish(): Buffer {
		while ( this.filled !== 0 ) {
			this.write( 1, 1 ); // Pad the last byte with 1 bits.
		}
		return Buffer.from( this.bytes );
	}

	private push(): void {
		this.bytes.push( this.current );
		if ( this.current === 0xff ) {
			this.bytes.push( 0 );
		}
		this.current = 0;
		this.filled = 0;
	}
}

function segment( marker: number, body: number[] ): Buffer {
	const length = body.length + 2;
	return Buffer.from( [ 0xff, marker, length >> 8, length & 0xff, ...body ] );
}

/**
 * Entropy-coded blocks: each 8x8 block is flat (DC only), its level a random walk.
 * @param blocks
 * @param rng
 */
function jpegScan( blocks: number, rng: Random ): Buffer {
	const dc = huffmanCodes( DC_BITS, DC_VALUES );
	const writer = new BitWriter();
	let previous = 0;
	let level = rng.int( 40, 215 );
	for ( let b = 0; b < blocks; b++ ) {
		level = Math.min( 250, Math.max( 5, level + rng.int( -12, 12 ) ) );
		const value = 8 * ( level - 128 ); // DC of a flat block with quantiser 1.
		const diff = value - previous;
		previous = value;
		const size =
			diff === 0 ? 0 : Math.floor( Math.log2( Math.abs( diff ) ) ) + 1;
		const [ code, length ] = dc.get( size ) as [ number, number ];
		writer.write( code, length );
		writer.write( diff >= 0 ? diff : diff - 1 + ( 1 << size ), size );
		writer.write( 0, 1 ); // End of block: the only AC symbol, code "0".
	}
	return writer.finish();
}

/**
 * A grayscale baseline JPEG; width and height are rounded up to multiples of 8.
 * @param width
 * @param height
 * @param rng
 */
export function makeJpeg( width: number, height: number, rng: Random ): Buffer {
	const w = Math.ceil( width / 8 ) * 8;
	const h = Math.ceil( height / 8 ) * 8;
	const jfif = [ 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 ];
	return Buffer.concat( [
		Buffer.from( [ 0xff, 0xd8 ] ),
		segment( 0xe0, jfif ),
		segment( 0xdb, [ 0, ...new Array( 64 ).fill( 1 ) ] ),
		segment( 0xc0, [
			8,
			h >> 8,
			h & 0xff,
			w >> 8,
			w & 0xff,
			1,
			1,
			0x11,
			0,
		] ),
		segment( 0xc4, [ 0x00, ...DC_BITS, ...DC_VALUES ] ),
		segment( 0xc4, [ 0x10, 1, ...new Array( 15 ).fill( 0 ), 0x00 ] ),
		segment( 0xda, [ 1, 1, 0x00, 0, 63, 0 ] ),
		jpegScan( ( w / 8 ) * ( h / 8 ), rng ),
		Buffer.from( [ 0xff, 0xd9 ] ),
	] );
}
