/**
 * WordPress dependencies
 */
import { Button, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { dateRangeError, type ListQuery } from '../../lib/list-query';

/**
 * The list's filters as a wp-admin filter bar: label text and a date range (days in UTC), applied with the
 * Filter button or Enter.
 *
 * @param props
 * @param props.query   The applied query.
 * @param props.onApply Applies new filter values (back to page 1).
 */
export default function Filters( {
	query,
	onApply,
}: {
	query: ListQuery;
	onApply: ( next: ListQuery ) => void;
} ) {
	const [ draft, setDraft ] = useState( {
		search: query.search,
		from: query.from,
		to: query.to,
	} );
	const invalid = dateRangeError( { ...query, ...draft } ) !== null;
	return (
		<form
			className="syteops-filters tablenav top"
			role="search"
			onSubmit={ ( event ) => {
				event.preventDefault();
				if ( ! invalid ) {
					onApply( { ...query, ...draft, page: 1 } );
				}
			} }
		>
			<TextControl
				className="syteops-filter-label"
				label={ __( 'Label contains', 'syteops-backup' ) }
				value={ draft.search }
				maxLength={ 100 }
				onChange={ ( search: string ) =>
					setDraft( { ...draft, search } )
				}
			/>
			<TextControl
				className="syteops-filter-from"
				label={ __( 'Taken from (UTC)', 'syteops-backup' ) }
				type="date"
				value={ draft.from }
				onChange={ ( from: string ) => setDraft( { ...draft, from } ) }
			/>
			<TextControl
				className="syteops-filter-to"
				label={ __( 'Taken to (UTC)', 'syteops-backup' ) }
				type="date"
				value={ draft.to }
				onChange={ ( to: string ) => setDraft( { ...draft, to } ) }
			/>
			<Button variant="secondary" type="submit" disabled={ invalid }>
				{ __( 'Filter', 'syteops-backup' ) }
			</Button>
			{ invalid && (
				<p className="syteops-field-error" role="alert">
					{ __(
						'The end of the date range is before its start.',
						'syteops-backup'
					) }
				</p>
			) }
		</form>
	);
}
