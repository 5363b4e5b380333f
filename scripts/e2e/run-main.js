// @ts-check
// How an e2e run starts and ends: its cleanup runs on success, on failure and on Ctrl-C / SIGTERM; a failure prints
// what was expected, and the closing summary (the 'N passed, N failed' line CI reads) comes last.
const { cleanupAll } = require('./cleanup');
const { E2eFailure, summary } = require('./report');

/** @param {() => Promise<void>} main */
function runE2e(main) {
	let stopping = false;
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
		process.once(signal, () => {
			if (stopping) return;
			stopping = true;
			console.error(`\ne2e: ${signal}: cleaning up`);
			void cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
		});
	}

	main().then(
		async () => {
			await cleanupAll();
			summary(false);
		},
		async (error) => {
			if (stopping) return; // interrupted: the signal handler cleans up and exits
			console.error('');
			console.error(`e2e FAILED: ${error instanceof E2eFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
			await cleanupAll();
			summary(true);
			process.exitCode = 1;
		},
	);
}

module.exports = { runE2e };
