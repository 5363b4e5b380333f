// @ts-check
// `npm run bench`: the throughput, latency, memory and footprint benchmark. Builds nothing itself (the npm script
// builds first); runs this node in n8n's engine against the PiAPI simulator, today's strategies as reference runners
// in a child process, and writes BENCHMARKS.md. `--quick`: a small smoke run written to out/BENCHMARKS.quick.md.
// The measurements are also saved to out/bench-results.json; `--report-only` renders BENCHMARKS.md from that file again
// (after a change to the report's text) without measuring. `--only=callback,latency` runs only the named scenarios
// (SCENARIOS below) and writes out/BENCHMARKS.only.md, so BENCHMARKS.md always comes from a whole run.
require('./env');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { FULL, QUICK } = require('./settings');
const { runChild } = require('./children');
const { footprint, log, memoryScenario, nodeBatch, nodeLatency, referenceJobs, warmUpEngine } = require('./scenarios');
const { callbackBatch, callbackLatency } = require('./callback');
const { waitingScenario } = require('./waiting');
const { render } = require('./report');
const { keepOwnedSections } = require('./sections');
const { harness } = require('./node-runs');
const { readNodeDefaults } = require('./node-defaults');
const { REFERENCES } = require('./references');

const ROOT = path.resolve(__dirname, '..');
const RESULTS_FILE = path.join(ROOT, 'out', 'bench-results.json');
const SCENARIOS = ['footprint', 'references', 'batch', 'latency', 'callback', 'waiting', 'memory'];

/** @param {string} name */
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')).version;

async function main() {
	if (process.argv.includes('--report-only')) {
		const input = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
		writeReport(input);
		return;
	}
	const quick = process.argv.includes('--quick');
	const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
	const unknown = only?.filter((name) => !SCENARIOS.includes(name)) ?? [];
	if (unknown.length) throw new Error(`Unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
	/** @template T @param {string} name @param {() => Promise<T>} measure @returns {Promise<T | undefined>} */
	const scenario = async (name, measure) => {
		if (only && !only.includes(name)) return undefined;
		log(name);
		return await measure();
	};
	const settings = quick ? QUICK : FULL;
	const started = Date.now();

	// On a quiet machine first: it times n8n's loader.
	const packageFootprint = await scenario('footprint', () => footprint(settings));
	// The reference runners run in a child process while this one measures the node.
	/** @type {Promise<{ results: { id: string, result?: any, error?: string }[] } | undefined>} */
	const referencesDone = scenario('references', () => runChild('references-child.js', { message: { jobs: referenceJobs(settings) } }));

	await warmUpEngine(settings);
	const batch = await scenario('batch', () => nodeBatch(settings));
	const latency = await scenario('latency', () => nodeLatency(settings));
	const callback = await scenario('callback', async () => ({ latency: await callbackLatency(settings), batch: await callbackBatch(settings) }));
	const waiting = await scenario('waiting', () => waitingScenario(settings));
	const memory = await scenario('memory', () => memoryScenario(settings));
	log('waiting for the reference runners');
	const { results } = (await referencesDone) ?? { results: [] };
	await harness.shutdown();

	const cpus = os.cpus();
	/** @type {import('./report').ReportInput} */
	const input = {
		settings,
		quick,
		only,
		context: {
			date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
			machine: `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()}`,
			node: process.version,
			n8n: `n8n-core ${versionOf('n8n-core')}, n8n-workflow ${versionOf('n8n-workflow')}`,
			command: `npm run bench${quick || only ? ' --' : ''}${quick ? ' --quick' : ''}${only ? ` --only=${only.join(',')}` : ''}`,
			durationMs: Date.now() - started,
		},
		nodeDefaults: readNodeDefaults(),
		referenceLabels: Object.fromEntries(Object.entries(REFERENCES).map(([key, { label }]) => [key, label])),
		nodeBatch: batch,
		nodeLatency: latency,
		callback,
		waiting,
		memory,
		footprint: packageFootprint,
		references: Object.fromEntries(results.map(({ id, ...rest }) => [id, rest])),
	};
	mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
	writeFileSync(RESULTS_FILE.replace(/\.json$/, quick ? '.quick.json' : only ? '.only.json' : '.json'), JSON.stringify(input, null, '\t'));
	writeReport(input);
	for (const { id, error } of results) if (error) log(`reference job ${id} failed: ${error}`);
}

/** @param {import('./report').ReportInput} input */
function writeReport(input) {
	const file = input.quick || input.only ? path.join(ROOT, 'out', `BENCHMARKS.${input.quick ? 'quick' : 'only'}.md`) : path.join(ROOT, 'BENCHMARKS.md');
	mkdirSync(path.dirname(file), { recursive: true });
	const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
	writeFileSync(file, keepOwnedSections(previous, render(input)));
	log(`written to ${path.relative(ROOT, file)}`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.stack : error);
	process.exitCode = 1;
});
