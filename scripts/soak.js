// @ts-check
// Fault-injection soak (`npm run soak`, not part of `npm test`): items through n8n's real engine against the PiAPI
// simulator while faults are injected on task creation (including answers lost after PiAPI made the task), polling
// and result downloads all through the run (see scripts/soak/). Writes its section of RELIABILITY.md, or with
// --check only checks (CI). Exit code 1 on any problem: a lost or reordered item, a creation sent again once a task
// may exist, an item with two tasks, the API key in n8n's result, memory not back to baseline.
//   npm run soak -- [--items N] [--seed N] [--check]
require('../bench/env'); // N8N_USER_FOLDER in a temp folder, silent logs: before n8n-core loads
const path = require('node:path');
const harness = require('../test/harness');
const { SETTINGS, FAULTS } = require('./soak/settings');
const { soakRun } = require('./soak/run');
const { renderSoak, writeSoakSection } = require('./soak/report');

const RELIABILITY_FILE = path.join(__dirname, '..', 'RELIABILITY.md');

/** @param {string} name @param {number} fallback */
function numberArg(name, fallback) {
	const at = process.argv.indexOf(name);
	const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive whole number`);
	return value;
}

/** Memory in use once the garbage is collected: after a pause, so that closed sockets and timers have let go. */
async function heapAfterGc() {
	await new Promise((resolve) => setTimeout(resolve, 1000));
	const gc = /** @type {undefined | (() => void)} */ (globalThis.gc);
	for (let i = 0; i < 3; i++) gc?.();
	return process.memoryUsage();
}

/** Max Concurrent Tasks' default, from the built node's description (a path by value: not type-checked as source). */
function nodeDefault() {
	const file = path.join(__dirname, '..', 'dist', 'nodes', 'PiApiMultiFaceSwap', 'actions', 'throughput.options.js');
	return Number(require(file).maxConcurrentTasksOption.default);
}

async function main() {
	const items = numberArg('--items', Number(process.env.SOAK_ITEMS ?? 1000));
	const seed = numberArg('--seed', Number(process.env.SOAK_SEED ?? 7));
	const checkOnly = process.argv.includes('--check');
	if (!globalThis.gc) console.warn('(run with node --expose-gc for the memory check: npm run soak does)');
	console.log(`Soak: ${items} items, seed ${seed}, Wait Timeout ${SETTINGS.waitTimeoutS} s${checkOnly ? ' (check only)' : ''}`);
	// Warm-up: loads the package and n8n's engine, so the baseline includes them.
	const warm = await soakRun(SETTINGS.warmUpItems, { faults: false, seed });
	if (warm.problems.length) throw new Error(`warm-up: ${warm.problems.join('; ')}`);
	const baseline = await heapAfterGc();

	const run = await soakRun(items, { faults: true, seed });
	const after = await heapAfterGc();
	const growth = { heap: after.heapUsed - baseline.heapUsed, external: after.external - baseline.external };
	if (globalThis.gc && growth.heap > SETTINGS.heapSlackBytes) run.problems.push(`heap grew by ${(growth.heap / 1048576).toFixed(1)} MB`);
	// Buffers (images in transit) live outside the heap.
	if (globalThis.gc && growth.external > SETTINGS.externalSlackBytes) {
		run.problems.push(`external memory grew by ${(growth.external / 1048576).toFixed(1)} MB`);
	}
	// The run must have lost creation answers of every kind, or it proves nothing about them.
	for (const [route, kind] of FAULTS.filter(([, kind]) => kind.endsWith('-after-create'))) {
		if (!run.counters.faultsInjected[kind]) run.problems.push(`no "${kind}" fault hit a ${route} request: make the run longer`);
	}
	if (run.simulator.deref() !== undefined) run.problems.push('the stopped simulator is still referenced (a socket, timer or request kept open?)');

	const { simulator, problems, ...figures } = run;
	console.log(JSON.stringify({ items, seed, ...figures, memory: { baseline, after } }, null, 2));
	await harness.shutdown();
	if (problems.length) {
		console.error(`FAIL:\n- ${problems.join('\n- ')}`);
		process.exitCode = 1;
		return;
	}
	console.log('PASS');
	if (checkOnly) return;
	writeSoakSection(RELIABILITY_FILE, renderSoak({ items, seed, run, baseline, after }, { maxConcurrentTasks: nodeDefault() }));
	console.log(`Wrote the soak section of ${path.relative(process.cwd(), RELIABILITY_FILE)}`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.stack : error);
	process.exitCode = 1;
});
