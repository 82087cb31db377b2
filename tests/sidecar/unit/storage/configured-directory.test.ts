import { configuredDirectory } from '../../../../sidecar/src/engine/archive-store';
import type { SiteContext } from '../../../../sidecar/src/engine/context';
import {
	defaultSettings,
	type BackupSettings,
} from '../../../../sidecar/src/repository/settings-store';

// Only the configuration is read; nothing else of the site is needed.
const site = {
	config: { storageDir: '/var/lib/syteops-backup/site' },
} as unknown as SiteContext;

function withStorage( storage: unknown ): BackupSettings {
	return {
		...defaultSettings(),
		schedule: { enabled: true, frequency: 'daily', storage },
	};
}

describe( 'configuredDirectory (where new archives go)', () => {
	it( 'is the sidecar storage directory until a schedule is saved', () => {
		expect( configuredDirectory( site, defaultSettings() ) ).toBe(
			'/var/lib/syteops-backup/site'
		);
	} );

	it( 'is a path the site chose on purpose', () => {
		expect(
			configuredDirectory(
				site,
				withStorage( {
					type: 'local',
					path: '/mnt/backups',
					is_default: false,
				} )
			)
		).toBe( '/mnt/backups' );
	} );

	it( 'follows the storage directory when the saved path was it, or was saved before paths could be chosen', () => {
		for ( const storage of [
			{ type: 'local', path: '/old/storage/dir', is_default: true },
			{ type: 'local', path: '/old/storage/dir' },
		] ) {
			expect( configuredDirectory( site, withStorage( storage ) ) ).toBe(
				'/var/lib/syteops-backup/site'
			);
		}
	} );

	it( 'ignores a stored value that is not a usable local path', () => {
		for ( const storage of [
			{ type: 'local', path: 'relative/dir', is_default: false },
			{ type: 'local', path: 42, is_default: false },
			{ type: 'pcloud', path: '/mnt/backups', is_default: false },
			null,
		] ) {
			expect( configuredDirectory( site, withStorage( storage ) ) ).toBe(
				'/var/lib/syteops-backup/site'
			);
		}
	} );
} );
