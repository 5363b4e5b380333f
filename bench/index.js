// @ts-check
// `npm run bench`: the throughput, latency, memory and footprint benchmark. Builds nothing itself (the npm script
// builds first); runs this node in n8n's engine against the PiAPI simulator, today's strategies as reference runners
// in a child process, and writes BENCHMARKS.md. `--quick`: a small smoke run written to out/BENCHMARKS.quick.md.
// The measurements are also saved to out/bench-results.json; `--report-only` renders BENCHMARKS.md from that file again
// (after a change to the report's text) without measuring.
require('./env');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { FULL, QUICK } = require('./settings');
const { runChild } = require('./children');
const { footprint, log, memoryScenario, nodeBatch, nodeLatency, referenceJobs, warmUpEngine } = require('./scenarios');
const { render } = require('./report');
const { harness } = require('./node-runs');

const ROOT = path.resolve(__dirname, '..');
const RESULTS_FILE = path.join(ROOT, 'out', 'bench-results.json');

/** @param {string} name */
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')).version;

async function main() {
	if (process.argv.includes('--report-only')) {
		const input = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
		writeReport(input);
		return;
	}
	const quick = process.argv.includes('--quick');
	const settings = quick ? QUICK : FULL;
	const started = Date.now();

	// On a quiet machine first: it times n8n's loader.
	log('footprint');
	const packageFootprint = await footprint(settings);

	const jobs = referenceJobs(settings);
	log(`reference runners: ${jobs.length} jobs in a child process`);
	/** @type {Promise<{ results: { id: string, result?: any, error?: string }[] }>} */
	const referencesDone = runChild('references-child.js', { message: { jobs } });

	await warmUpEngine(settings);
	log('batch (this node)');
	const batch = await nodeBatch(settings);
	log('latency (this node)');
	const latency = await nodeLatency(settings);
	log('memory');
	const memory = await memoryScenario(settings);
	log('waiting for the reference runners');
	const { results } = await referencesDone;
	await harness.shutdown();

	const cpus = os.cpus();
	/** @type {import('./report').ReportInput} */
	const input = {
		settings,
		quick,
		context: {
			date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
			machine: `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()}`,
			node: process.version,
			n8n: `n8n-core ${versionOf('n8n-core')}, n8n-workflow ${versionOf('n8n-workflow')}`,
			command: quick ? 'npm run bench -- --quick' : 'npm run bench',
			durationMs: Date.now() - started,
		},
		nodeBatch: batch,
		nodeLatency: latency,
		memory,
		footprint: packageFootprint,
		references: Object.fromEntries(results.map(({ id, ...rest }) => [id, rest])),
	};
	mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
	writeFileSync(RESULTS_FILE.replace(/\.json$/, quick ? '.quick.json' : '.json'), JSON.stringify(input, null, '\t'));
	writeReport(input);
	for (const { id, error } of results) if (error) log(`reference job ${id} failed: ${error}`);
}

/** @param {import('./report').ReportInput} input */
function writeReport(input) {
	const file = input.quick ? path.join(ROOT, 'out', 'BENCHMARKS.quick.md') : path.join(ROOT, 'BENCHMARKS.md');
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, render(input));
	log(`written to ${path.relative(ROOT, file)}`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.stack : error);
	process.exitCode = 1;
});
