/**
 * After a restore or import: what the admin still has to do on this site (license re-check, integration
 * credentials, media links), as a list that keyboard and screen-reader users reach first.
 */

/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ChecklistItem } from '../../lib/restore-summary';

export default function Checklist( { items }: { items: ChecklistItem[] } ) {
	if ( items.length === 0 ) {
		return (
			<p className="syteops-restore-checklist-empty">
				{ __( 'Nothing else to do.', 'syteops-backup' ) }
			</p>
		);
	}
	return (
		<div className="syteops-restore-checklist">
			<h3>{ __( 'Still to do on this site', 'syteops-backup' ) }</h3>
			<ol>
				{ items.map( ( item ) => (
					<li key={ item.id } data-item={ item.id }>
						<strong>
							{ item.url ? (
								<a href={ item.url }>{ item.title }</a>
							) : (
								item.title
							) }
						</strong>
						<br />
						{ item.detail }
					</li>
				) ) }
			</ol>
		</div>
	);
}
