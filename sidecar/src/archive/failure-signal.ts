/**
 * A writer's failure, awaited beside each piece of its work. `Promise.race( [ work, failed ] )` against one
 * long-lived promise leaks: every race leaves a reaction on `failed` that holds the race's promise and its
 * result until `failed` settles, which for a healthy writer is never. A heap snapshot taken at a restore's
 * peak held 16,700 of them (one per entry the pre-restore snapshot had written, each with its digest).
 * Here each wait removes its own listener when its work settles.
 */
export class FailureSignal {
	private failure: { error: unknown } | undefined;
	private readonly waiters = new Set< ( error: unknown ) => void >();

	/**
	 * The first failure wins; every wait in progress rejects with it, and so will every later one.
	 * @param error
	 */
	fail( error: unknown ): void {
		if ( this.failure ) {
			return;
		}
		this.failure = { error };
		for ( const reject of this.waiters ) {
			reject( error );
		}
		this.waiters.clear();
	}

	/**
	 * Settles as `work` does, or rejects with the failure as soon as there is one.
	 * @param work
	 */
	race< T >( work: Promise< T > ): Promise< T > {
		if ( this.failure ) {
			work.catch( () => undefined ); // superseded by the failure
			return Promise.reject( this.failure.error );
		}
		return new Promise< T >( ( resolve, reject ) => {
			this.waiters.add( reject );
			work.then( resolve, reject ).finally( () =>
				this.waiters.delete( reject )
			);
		} );
	}
}
