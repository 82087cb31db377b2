/**
 * Audit entries in words: action names, actors and the one-line change summary.
 */
import {
	actionLabel,
	actorLabel,
	changeSummary,
} from '../../plugin/admin-src/screens/audit-log/describe';

describe( 'changeSummary', () => {
	it( 'lists the fields of a flat change, with sizes formatted', () => {
		expect(
			changeSummary( {
				type: 'scheduled',
				trigger: 'manual',
				size_bytes: 2439764,
			} )
		).toBe( 'type: scheduled, trigger: manual, size_bytes: 2.3 MB' );
	} );

	it( 'shows only what changed in a before/after shape', () => {
		expect(
			changeSummary( {
				before: { pinned: true, label: 'pre-launch' },
				after: { pinned: false },
			} )
		).toBe( 'pinned: true → false' );
		expect(
			changeSummary( {
				before: { enabled: false },
				after: { enabled: false },
			} )
		).toBe( 'No change' );
	} );

	it( 'lists a first save field by field and cuts a long list short', () => {
		expect(
			changeSummary( {
				before: null,
				after: {
					enabled: true,
					frequency: 'weekly',
					time_of_day: '04:15',
					day_of_week: 2,
					keep_last: 5,
				},
			} )
		).toBe(
			'enabled: true, frequency: weekly, time_of_day: 04:15, day_of_week: 2, …'
		);
	} );

	it( 'prefers the message the server wrote, and shows status transitions as before → after', () => {
		expect(
			changeSummary( {
				before: 'available',
				after: 'deleted',
				message: 'Retention elapsed.',
			} )
		).toBe( 'Retention elapsed.' );
		expect(
			changeSummary( { before: 'available', after: 'deleted' } )
		).toBe( 'available → deleted' );
		expect( changeSummary( null ) ).toBe( '' );
	} );
} );

describe( 'actionLabel and actorLabel', () => {
	it( 'names known actions and passes unknown ones through', () => {
		expect( actionLabel( 'restore.finish' ) ).toBe( 'Restore finished' );
		expect( actionLabel( 'export.user' ) ).toBe( 'export.user' );
	} );

	it( 'names the scheduler and users by id', () => {
		const entry = {
			id: 1,
			created_at: '',
			user_id: 3,
			actor: 'user' as const,
			action: 'snapshot.pin',
			type: 'other',
			snapshot_id: null,
			change: null,
		};
		expect( actorLabel( entry ) ).toBe( 'User #3' );
		expect(
			actorLabel( { ...entry, actor: 'scheduler', user_id: null } )
		).toBe( 'Scheduler' );
	} );
} );
