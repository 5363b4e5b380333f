// @ts-check
// Two jest projects, one per n8n engine line. Never select both in one jest process: n8n 1.x loads isolated-vm 6
// and 2.x isolated-vm 7, and the two native modules in one process abort it. `npm test` runs them one after the other
// (`jest --selectProjects n8n-2.x`, then `jest --selectProjects n8n-1.x`). --selectProjects takes several names, so a
// bare test path after it is read as one: select files with --testPathPatterns instead.
const path = require('node:path');

// n8n 1.x: the `n8n-core-v1` alias (npm:n8n-core@1.122.48) and the n8n-workflow 1.x copy npm nests under it.
// The mapping applies to every module, node_modules included, so the compiled node in dist/ and n8n-core's own
// dependencies all get the same 1.x n8n-workflow (one copy: class identity holds).
const V1_CORE_DIR = path.dirname(require.resolve('n8n-core-v1/package.json'));
const V1_WORKFLOW_DIR = path.dirname(require.resolve('n8n-workflow/package.json', { paths: [V1_CORE_DIR] }));

/** @type {import('jest').Config} */
const common = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/harness/setup-env.js'],
	// shuts the engine harness down after each test file that started it
	setupFilesAfterEnv: ['<rootDir>/test/harness/teardown.js'],
};

/** @type {import('jest').Config} */
const n8n2 = { ...common, displayName: 'n8n-2.x' };

// What runs in n8n 1.x's engine too: the tests whose outcome depends on n8n itself — binary data, expressions, webhooks,
// waiting executions, package loading, the credential test, n8n's HTTP helper and how errors reach the user. The rest
// test the package's own logic (formats, schedules, retries, the simulator, the tarball) and run in n8n 2.x only.
// PIAPI_TEST_SCOPE=all (`npm run test:matrix`) runs every file in every line; =node only the tests that also depend
// on the Node.js version (n8n's expression sandbox differs between Node.js 20 and 24; package loading).
const DEPENDS_ON_NODE_VERSION = ['harness/*.test.ts', 'package/package-loading.test.ts'];
const DEPENDS_ON_ENGINE = [
	...DEPENDS_ON_NODE_VERSION,
	'credentials/*.test.ts',
	'nodes/PiApiTrigger/*.test.ts',
	'nodes/PiApiMultiFaceSwap/actions/*.test.ts',
	'nodes/PiApiMultiFaceSwap/bad-input.test.ts',
	'nodes/PiApiMultiFaceSwap/toolMode.test.ts',
	'nodes/PiApiMultiFaceSwap/security/*.test.ts',
	'nodes/PiApiMultiFaceSwap/helpers/{cancellation,wait-timeout}.test.ts',
	'nodes/shared/transport/{chunked-result,faults,large-results,lost-creation,no-task-id,result-type}.test.ts',
];
const scope = process.env.PIAPI_TEST_SCOPE ?? 'engine';
const n8n1Tests = { all: ['**/*.test.ts'], engine: DEPENDS_ON_ENGINE, node: DEPENDS_ON_NODE_VERSION }[scope];
if (!n8n1Tests) throw new Error(`PIAPI_TEST_SCOPE must be all, engine or node (it is ${scope})`);

/** @type {import('jest').Config} */
const n8n1 = {
	...common,
	displayName: 'n8n-1.x',
	moduleNameMapper: {
		'^n8n-core(/.*)?$': `${V1_CORE_DIR}$1`,
		'^n8n-workflow(/.*)?$': `${V1_WORKFLOW_DIR}$1`,
	},
	testMatch: n8n1Tests.map((glob) => `<rootDir>/test/${glob}`),
	// the simulator and the npm tarball never touch n8n
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/simulator/', '<rootDir>/test/package/tarball\\.test\\.ts$'],
};

// A plain `jest` (no --selectProjects, e.g. from an editor) gets the 2.x project only, never both engines at once.
const selecting = process.argv.some((arg) => arg.startsWith('--selectProjects'));

/** @type {import('jest').Config} */
module.exports = {
	testTimeout: 60000,
	projects: selecting ? [n8n2, n8n1] : [n8n2],
};
