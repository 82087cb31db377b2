/**
 * A large archive uploaded from a "browser" in 8 MB chunks through the real PHP host shim (stock PHP limits:
 * upload_max_filesize 16M, post_max_size 20M) reaches the sidecar intact while PHP's peak memory per request
 * stays under 64 MB. SYTEOPS_UPLOAD_TEST_MB sets the size (default 1024 MB = 1 GB).
 */
import { randomBytes } from 'node:crypto';

import { loadStackEnv } from '../../support/stack';
import { WpRest } from '../../support/wp-rest';

const stack = loadStackEnv();
const SIZE = Number( process.env.SYTEOPS_UPLOAD_TEST_MB ?? 1024 ) * 1024 * 1024;

/**
 * Incompressible chunk content, made per chunk so the whole upload is never held in memory.
 * @param length
 */
function chunkAt( length: number ): Buffer {
	return randomBytes( length );
}

describe( 'chunked upload through the PHP proxy', () => {
	it( 'carries every chunk of a large upload to the sidecar with PHP peak memory under 64 MB', async () => {
		const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
		const opened = await admin.request< {
			upload_id: string;
			chunk_size: number;
		} >( 'POST', '/syteops/v1/uploads', {
			filename: 'big.zip',
			size: SIZE,
		} );
		expect( opened.status ).toBe( 201 );
		const { upload_id: id, chunk_size: chunkSize } = opened.body;
		expect( chunkSize ).toBe( 8 * 1024 * 1024 );

		let peak = 0;
		for ( let offset = 0; offset < SIZE; offset += chunkSize ) {
			const chunk = chunkAt( Math.min( chunkSize, SIZE - offset ) );
			const sent = await admin.request< { received: number } >(
				'PUT',
				`/syteops/v1/uploads/${ id }?offset=${ offset }`,
				chunk
			);
			expect( sent.status ).toBe( 200 );
			expect( sent.body.received ).toBe( offset + chunk.length );
			peak = Math.max(
				peak,
				Number( sent.headers.get( 'x-syteops-php-peak-memory' ) )
			);
		}
		process.stdout.write(
			`upload of ${ SIZE / 1048576 } MB through PHP: peak PHP memory ${ ( peak / 1048576 ).toFixed( 1 ) } MB per request\n`
		);
		expect( peak ).toBeGreaterThan( 0 );
		expect( peak ).toBeLessThan( 64 * 1024 * 1024 );

		// Not an archive: completing it is refused by name, and the upload is gone afterwards.
		const completed = await admin.request< { code: string } >(
			'POST',
			`/syteops/v1/uploads/${ id }/complete`
		);
		expect( completed.status ).toBe( 422 );
		expect( completed.body.code ).toMatch( /^syteops_archive_/ );
	} );

	it( 'refuses a chunk at the wrong offset and names the offset to resume from', async () => {
		const admin = WpRest.forUser( stack, stack.WP_ADMIN_USER );
		const opened = await admin.request< { upload_id: string } >(
			'POST',
			'/syteops/v1/uploads',
			{ filename: 'resume.zip', size: 100 }
		);
		const id = opened.body.upload_id;
		expect(
			(
				await admin.request(
					'PUT',
					`/syteops/v1/uploads/${ id }?offset=0`,
					Buffer.alloc( 40, 1 )
				)
			).status
		).toBe( 200 );
		const wrong = await admin.request< {
			code: string;
			data: { details: { expected_offset: number } };
		} >(
			'PUT',
			`/syteops/v1/uploads/${ id }?offset=80`,
			Buffer.alloc( 20, 2 )
		);
		expect( wrong.status ).toBe( 409 );
		expect( wrong.body.code ).toBe( 'syteops_upload_offset_mismatch' );
		expect( wrong.body.data.details.expected_offset ).toBe( 40 );
		const incomplete = await admin.request< { code: string } >(
			'POST',
			`/syteops/v1/uploads/${ id }/complete`
		);
		expect( incomplete.body.code ).toBe( 'syteops_upload_incomplete' );
	} );
} );
