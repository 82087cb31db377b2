/**
 * What a load learns while it runs about the tables it was given (a restore's kept tables, see
 * engine/kept-tables.ts): a table may wait for a verdict before it starts, and the verdict either keeps it
 * (it is not loaded, or its load stops) or releases it to load.
 */
export class LoadVerdicts {
	private readonly waiting: Set< string >;
	private readonly kept = new Set< string >();
	private wakers: Array< () => void > = [];

	/**
	 * @param waiting the tables not to start before their verdict
	 */
	constructor( waiting: Iterable< string > = [] ) {
		this.waiting = new Set( waiting );
	}

	/**
	 * Not to be loaded: a load not started is skipped, one running stops at its next INSERT.
	 * @param suffix
	 */
	keep( suffix: string ): void {
		this.waiting.delete( suffix );
		this.kept.add( suffix );
		this.wake();
	}

	/**
	 * To be loaded after all.
	 * @param suffix
	 */
	load( suffix: string ): void {
		this.waiting.delete( suffix );
		this.wake();
	}

	isKept( suffix: string ): boolean {
		return this.kept.has( suffix );
	}

	isWaiting( suffix: string ): boolean {
		return this.waiting.has( suffix );
	}

	/** Resolves at the next verdict (or `wake`). */
	next(): Promise< void > {
		return new Promise( ( resolve ) => this.wakers.push( resolve ) );
	}

	/** Resolves every `next` waiting (a failed load stops its lanes this way). */
	wake(): void {
		const wakers = this.wakers;
		this.wakers = [];
		wakers.forEach( ( resolve ) => resolve() );
	}
}
