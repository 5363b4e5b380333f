// @ts-check
// How an e2e run starts and ends: its cleanup runs on success, on failure and on Ctrl-C / SIGTERM; a failure prints
// what was expected, and the closing summary (the 'N passed, N failed' line CI reads) comes last.
const { chmodSync, mkdirSync, mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { cleanupAll, onCleanup } = require('./cleanup');
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

/**
 * The run's temp folder (removed at the end unless PIAPI_E2E_KEEP=1) with its logs/ and n8n-user/ folders.
 * @param {string} prefix @param {number} [mode] the temp folder's mode (e.g. 0o755 when another user works below it)
 */
function makeRunFolders(prefix, mode) {
	const tempDir = mkdtempSync(path.join(os.tmpdir(), prefix));
	if (mode !== undefined) chmodSync(tempDir, mode);
	onCleanup(`remove ${tempDir}`, () => {
		if (process.env.PIAPI_E2E_KEEP === '1') console.log(`e2e: kept ${tempDir}`);
		else rmSync(tempDir, { recursive: true, force: true });
	});
	const logDir = path.join(tempDir, 'logs');
	const userFolder = path.join(tempDir, 'n8n-user');
	for (const dir of [logDir, userFolder]) mkdirSync(dir, { recursive: true });
	return { tempDir, logDir, userFolder };
}

module.exports = { makeRunFolders, runE2e };
