/**
 * WordPress dependencies
 */
import { Button } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * wp-admin's list pagination: the item count, then first/previous/next/last as labelled buttons.
 *
 * @param props
 * @param props.page       Current page (1-based).
 * @param props.totalPages Number of pages.
 * @param props.total      Number of items.
 * @param props.onPage     Goes to a page.
 */
export default function ListPagination( {
	page,
	totalPages,
	total,
	onPage,
}: {
	page: number;
	totalPages: number;
	total: number;
	onPage: ( page: number ) => void;
} ) {
	const last = Math.max( 1, totalPages );
	return (
		<nav
			className="tablenav-pages syteops-pagination"
			aria-label={ __( 'Saved backups pages', 'syteops-backup' ) }
		>
			<span className="displaying-num">
				{ sprintf(
					/* translators: %d: number of backups. */
					_n( '%d item', '%d items', total, 'syteops-backup' ),
					total
				) }
			</span>
			<Button
				variant="secondary"
				disabled={ page <= 1 }
				onClick={ () => onPage( 1 ) }
				label={ __( 'First page', 'syteops-backup' ) }
			>
				«
			</Button>
			<Button
				variant="secondary"
				disabled={ page <= 1 }
				onClick={ () => onPage( page - 1 ) }
				label={ __( 'Previous page', 'syteops-backup' ) }
			>
				‹
			</Button>
			<span className="paging-input">
				{ sprintf(
					/* translators: 1: current page, 2: number of pages. */
					__( 'Page %1$d of %2$d', 'syteops-backup' ),
					page,
					last
				) }
			</span>
			<Button
				variant="secondary"
				disabled={ page >= last }
				onClick={ () => onPage( page + 1 ) }
				label={ __( 'Next page', 'syteops-backup' ) }
			>
				›
			</Button>
			<Button
				variant="secondary"
				disabled={ page >= last }
				onClick={ () => onPage( last ) }
				label={ __( 'Last page', 'syteops-backup' ) }
			>
				»
			</Button>
		</nav>
	);
}
