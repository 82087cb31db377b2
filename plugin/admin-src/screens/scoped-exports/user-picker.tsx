/**
 * A searchable picker of this site's users (WordPress's users endpoint), for the single-user export.
 */

/**
 * WordPress dependencies
 */
import { ComboboxControl } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { searchUsers, type SiteUser } from '../../api/exports';

export default function UserPicker( {
	value,
	onChange,
}: {
	value: number | null;
	onChange: ( id: number | null ) => void;
} ) {
	const [ search, setSearch ] = useState( '' );
	const [ users, setUsers ] = useState< SiteUser[] >( [] );
	const [ error, setError ] = useState< string | null >( null );

	useEffect( () => {
		let current = true;
		// A short pause so typing "jdoe" asks once, not four times.
		const timer = setTimeout( () => {
			searchUsers( search ).then(
				( found ) => {
					if ( current ) {
						setUsers( found );
						setError( null );
					}
				},
				( failure: { message?: string } ) =>
					current && setError( failure?.message ?? String( failure ) )
			);
		}, 250 );
		return () => {
			current = false;
			clearTimeout( timer );
		};
	}, [ search ] );

	return (
		<div className="syteops-user-picker">
			<ComboboxControl
				label={ __( 'User', 'syteops-backup' ) }
				help={
					error ??
					__(
						'Type a name, login or email to search.',
						'syteops-backup'
					)
				}
				value={ value === null ? null : String( value ) }
				options={ users.map( ( user ) => ( {
					value: String( user.id ),
					label: sprintf(
						/* translators: 1: display name, 2: login. */
						__( '%1$s (%2$s)', 'syteops-backup' ),
						user.name,
						user.slug
					),
				} ) ) }
				onFilterValueChange={ setSearch }
				onChange={ ( picked?: string | null ) =>
					onChange( picked ? Number( picked ) : null )
				}
			/>
		</div>
	);
}
