// @ts-check
// `npm test`: builds, then runs the jest suite in each n8n line, each in its own jest process (n8n 1.x's and 2.x's
// native expression sandboxes cannot share one):
//   n8n 2.x, every test, on Node.js 22+ (this one, or a Node.js 24 from the npm registry: scripts/node22.js);
//   n8n 1.x, the tests that depend on the engine (jest.config.js), on this Node.js, as most n8n 1.x users run it;
//   n8n 1.x again on that Node.js 24 when it differs, only the tests that depend on the Node.js version.
//
//   node scripts/test.js [--no-build] [--line n8n2|n8n1] [--all] [jest args…]
//
// --all runs every test in every line and Node.js (CI's `npm run test:matrix`). The tests mostly wait on the
// simulator, not the CPU, so jest runs more workers than cores.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { majorOf, node22, runOn } = require('./node22');

const JEST = path.join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const WORKERS = '--maxWorkers=4';

const args = process.argv.slice(2);
/** @param {string} name */
const flag = (name) => {
	const at = args.indexOf(name);
	if (at >= 0) args.splice(at, 1);
	return at >= 0;
};
/** @param {string} name */
const option = (name) => {
	const at = args.indexOf(name);
	return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const build = !flag('--no-build');
const all = flag('--all');
const line = option('--line');

/** @type {{ label: string, seconds: number, code: number }[]} */
const steps = [];
const results = mkdtempSync(path.join(tmpdir(), 'piapi-jest-'));
const counts = { passed: 0, failed: 0, skipped: 0 };

/**
 * @param {string} label
 * @param {() => number} run
 */
function step(label, run) {
	console.log(`\n=== ${label}`);
	const started = Date.now();
	const code = run();
	steps.push({ label, seconds: (Date.now() - started) / 1000, code });
	if (code !== 0) finish();
}

function finish() {
	console.log('\n=== npm test: time per step');
	for (const { label, seconds, code } of steps) console.log(`${seconds.toFixed(0).padStart(5)} s  ${code ? 'FAILED' : 'ok    '}  ${label}`);
	const total = steps.reduce((sum, { seconds }) => sum + seconds, 0);
	console.log(`${total.toFixed(0).padStart(5)} s  in all`);
	rmSync(results, { recursive: true, force: true });
	console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
	process.exit(steps.some(({ code }) => code !== 0) ? 1 : 0);
}

/**
 * @param {string} nodeBin
 * @param {string} project
 * @param {'all' | 'engine' | 'node'} scope
 */
function jest(nodeBin, project, scope) {
	const env = { ...process.env, PIAPI_TEST_SCOPE: scope, EXPECTED_NODE_MAJOR: String(nodeMajor(nodeBin)) };
	const outputFile = path.join(results, `${steps.length}.json`);
	const jestArgs = [JEST, '--selectProjects', project, WORKERS, '--json', `--outputFile=${outputFile}`, ...args];
	const code = runOn(nodeBin, ['--experimental-vm-modules', ...jestArgs], env);
	try {
		const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(outputFile, 'utf8'));
		counts.passed += numPassedTests;
		counts.failed += numFailedTests;
		counts.skipped += numPendingTests;
	} catch {
		counts.failed += 1; // jest wrote no results: it failed before running the tests
	}
	return code;
}

/** @param {string} nodeBin */
function nodeMajor(nodeBin) {
	if (nodeBin === process.execPath) return majorOf(process.version);
	return majorOf(spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim());
}

if (build) {
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	step('build', () => spawnSync(npm, ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1);
}
const recent = node22();
const own = process.execPath;
if (!line || line === 'n8n2') step(`n8n 2.x, Node.js ${nodeMajor(recent)}`, () => jest(recent, 'n8n-2.x', 'all'));
if (!line || line === 'n8n1') {
	step(`n8n 1.x, Node.js ${nodeMajor(own)}${all ? '' : ', tests that depend on the engine'}`, () =>
		jest(own, 'n8n-1.x', all ? 'all' : 'engine'),
	);
	if (recent !== own) {
		step(`n8n 1.x, Node.js ${nodeMajor(recent)}${all ? '' : ', tests that depend on the Node.js version'}`, () =>
			jest(recent, 'n8n-1.x', all ? 'all' : 'node'),
		);
	}
}
finish();
