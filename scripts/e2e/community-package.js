// @ts-check
// Puts the package into n8n the way users get it: `npm pack` of the built repository, installed into the
// instance's community nodes folder by the same steps as n8n's own Community Nodes install.
//
// What n8n 2.41.1 does (packages/cli/src/modules/community-packages/community-packages.service.ts,
// installOrUpdatePackage → downloadPackage, then installed-packages.repository.ts persistPackageWithNodes):
//   1. `npm pack <name>@<version>` into `<N8N_USER_FOLDER>/.n8n/nodes`, `tar -xzf --strip-components=1` into
//      `nodes/node_modules/<name>`;
//   2. drops devDependencies, peerDependencies and optionalDependencies from that package.json, then
//      `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow --ignore-scripts=true
//      --package-lock=false` inside it;
//   3. records `<name>: <version>` in the ledger `nodes/package.json` ({ name: 'installed-nodes', private, dependencies });
//   4. loads it with n8n-core's PackageDirectoryLoader and saves rows in `installed_packages` and `installed_nodes`.
// What loading needs at start-up (community-packages.module.ts nodeLoaders → n8n-core scanDirectoryForPackages):
// only the folder `nodes/node_modules/n8n-nodes-*` (community packages enabled, the default; not
// N8N_COMMUNITY_PACKAGES_PREVENT_LOADING). The rows are what Settings › Community nodes lists, and what start-up
// compares with the loaded nodes to report packages as missing. `n8n execute` loads them the same way (it sets
// needsCommunityPackages). Here step 1 packs the local repository instead of fetching from the registry, the rest
// is done as n8n does it; n8n has no command to install from a tarball, and its REST install only takes
// registry packages.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { npmEnv, run } = require('./processes');
const { E2eFailure } = require('./report');

const REPO_DIR = path.resolve(__dirname, '..', '..');
/** @type {{ name: string, version: string }} */
const PACKAGE_JSON = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));
const PACKAGE_NAME = PACKAGE_JSON.name;

/**
 * `npm pack` of the repository as it is (built beforehand).
 * @param {string} tempDir
 * @returns {Promise<{ tarball: string, files: number }>}
 */
async function packRepository(tempDir) {
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tempDir], {
		cwd: REPO_DIR,
		env: npmEnv({ npm_config_ignore_scripts: 'true' }),
		logPrefix: path.join(tempDir, 'npm-pack'),
		label: 'npm pack',
		timeoutMs: 2 * 60_000,
	});
	/** @type {{ filename: string, files: { path: string }[] }[]} */
	const packed = JSON.parse(stdout.slice(stdout.indexOf('[')));
	const [{ filename, files }] = packed;
	if (!files.some((file) => file.path.startsWith('dist/'))) {
		throw new E2eFailure('the packed package has no dist/ files: run `npm run build` first');
	}
	return { tarball: path.join(tempDir, filename), files: files.length };
}

/**
 * Steps 1-3 above, into `<userFolder>/.n8n/nodes`.
 * @param {{ tarball: string, userFolder: string, logDir: string }} options
 * @returns {Promise<{ packageDir: string, version: string }>}
 */
async function installIntoNodesFolder({ tarball, userFolder, logDir }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	mkdirSync(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {
		cwd: nodesDir,
		env: npmEnv(),
		logPrefix: path.join(logDir, 'tar'),
		label: 'unpacking the tarball',
		timeoutMs: 60_000,
	});
	const packageJsonPath = path.join(packageDir, 'package.json');
	/** @type {Record<string, unknown> & { version: string }} */
	const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete packageJson[field];
	writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf8');
	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir, env: npmEnv(), logPrefix: path.join(logDir, 'npm-install-package'), label: 'npm install in the package folder', timeoutMs: 5 * 60_000 },
	);
	const ledger = { name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: packageJson.version } };
	writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify(ledger, null, 2), 'utf8');
	return { packageDir, version: packageJson.version };
}

/**
 * Step 4: n8n's own loader (from the n8n install) loads the installed package and the rows are written to the
 * instance's database, in a child process that resolves n8n-workflow from n8n's node_modules as n8n does.
 * The database must exist (any n8n command creates and migrates it).
 * @param {{ n8nDir: string, packageDir: string, userFolder: string, logDir: string }} options
 * @returns {Promise<{ nodes: { type: string, name: string, version: number }[], credentials: string[] }>}
 */
async function registerInstalledPackage({ n8nDir, packageDir, userFolder, logDir }) {
	const database = path.join(userFolder, '.n8n', 'database.sqlite');
	const { stdout } = await run(process.execPath, [path.join(__dirname, 'register-package-rows.js'), n8nDir, packageDir, database], {
		cwd: userFolder,
		env: npmEnv({ NODE_PATH: path.join(n8nDir, 'node_modules'), N8N_USER_FOLDER: userFolder, N8N_LOG_LEVEL: 'silent' }),
		logPrefix: path.join(logDir, 'register-package-rows'),
		label: 'loading the installed package with n8n-core and saving its rows',
		timeoutMs: 2 * 60_000,
	});
	return JSON.parse(stdout.slice(stdout.indexOf('{')));
}

module.exports = { PACKAGE_NAME, REPO_DIR, installIntoNodesFolder, packRepository, registerInstalledPackage };
