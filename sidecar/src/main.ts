/**
 * The sidecar process: load config, connect, listen on loopback only, stop cleanly on SIGTERM/SIGINT.
 */
import { createApp } from './app';
import { loadConfig, secretValues } from './config';
import { isSyteOpsError } from './errors';
import { createLogger } from './log';
import { createServices } from './services';

export async function serve(
	env: NodeJS.ProcessEnv = process.env
): Promise< void > {
	const config = loadConfig( env );
	const logger = createLogger(
		( line ) => process.stdout.write( line ),
		secretValues( config )
	);
	const services = await createServices( config, logger );
	const app = createApp( {
		secret: config.secret,
		maxSkewSeconds: config.maxSkewSeconds,
		maxBodyBytes: config.maxBodyBytes,
		handlers: services.handlers,
		logger,
		version: services.version,
	} );
	// 127.0.0.1 only: the sidecar is never reachable from outside the machine.
	const server = app.listen( config.port, '127.0.0.1', () => {
		logger.info( 'sidecar listening', {
			address: `127.0.0.1:${ config.port }`,
		} );
	} );
	const stop = () => {
		logger.info( 'sidecar stopping' );
		server.close(
			() => void services.close().then( () => process.exit( 0 ) )
		);
		setTimeout( () => process.exit( 0 ), 10_000 ).unref();
	};
	process.on( 'SIGTERM', stop );
	process.on( 'SIGINT', stop );
}

if ( require.main === module ) {
	serve().catch( ( error: unknown ) => {
		process.stderr.write(
			`syteops-backup sidecar failed to start: ${ isSyteOpsError( error ) ? error.message : String( error ) }\n`
		);
		process.exit( 1 );
	} );
}
