// @ts-check
// The pinned full n8n, installed once per machine into a cache folder outside the repository and reused.
//
// Installed into `<cache>.partial-<pid>` and renamed into place only when complete (marker file written last), so a
// killed or failed install is never mistaken for a good one: a folder without the marker is removed and redone.
// `npm install --ignore-scripts` (with scripts it fails: a kafka dependency downloads binaries), then
// `npm rebuild sqlite3`, compiled from source against the headers of the Node.js that runs this script (nodejs.org's
// builds and the npm registry's node-<platform>-<arch> packages ship them in include/node), so node-gyp downloads
// nothing; build-from-source keeps prebuild-install from trying GitHub first.
const { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { onCleanup } = require('./cleanup');
const { npmEnv, run } = require('./processes');
const { E2eFailure, info } = require('./report');

const N8N_VERSION = '2.41.1';
const MARKER = '.e2e-install-complete';
const PARTIAL = '.partial-';

function cacheDir() {
	if (process.env.PIAPI_E2E_N8N_DIR) return path.resolve(process.env.PIAPI_E2E_N8N_DIR);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-piapi-faceswap', `n8n-${N8N_VERSION}`);
}

/** @param {string} dir */
function n8nBin(dir) {
	return path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** @param {string} dir */
function isComplete(dir) {
	try {
		const marker = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8'));
		const n8nPackage = JSON.parse(readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'));
		return (
			marker.n8n === N8N_VERSION &&
			n8nPackage.version === N8N_VERSION &&
			existsSync(path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))
		);
	} catch {
		return false;
	}
}

/** The folder holding include/node of the Node.js running us, for node-gyp (it must not download headers). */
function nodeHeadersDir() {
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	if (existsSync(path.join(prefix, 'include', 'node', 'common.gypi'))) return prefix;
	throw new E2eFailure(
		`no Node.js headers at ${prefix}/include/node (needed to compile sqlite3 for n8n without network); ` +
			'use a Node.js build that ships them (nodejs.org\'s do; so does the Node.js 24 that scripts/node22.js fetches)',
	);
}

/** Removes partial installs left by runs that died (their process is gone). @param {string} dir */
function removeStalePartials(dir) {
	const parent = path.dirname(dir);
	if (!existsSync(parent)) return;
	const prefix = `${path.basename(dir)}${PARTIAL}`;
	for (const name of readdirSync(parent)) {
		if (!name.startsWith(prefix)) continue;
		const pid = Number(name.slice(prefix.length));
		let alive = false;
		try {
			process.kill(pid, 0);
			alive = pid !== process.pid;
		} catch {
			alive = false;
		}
		if (!alive) {
			info(`removing an unfinished install left by an earlier run: ${name}`);
			rmSync(path.join(parent, name), { recursive: true, force: true });
		}
	}
}

/**
 * @param {string} tempDir for the install logs
 * @returns {Promise<{ dir: string, bin: string, installed: boolean }>}
 */
async function ensureN8n(tempDir) {
	const dir = cacheDir();
	if (isComplete(dir)) {
		info(`reusing n8n ${N8N_VERSION} from ${dir}`);
		return { dir, bin: n8nBin(dir), installed: false };
	}
	const nodedir = nodeHeadersDir();
	removeStalePartials(dir);
	if (existsSync(dir)) {
		info(`${dir} has no complete install (no ${MARKER}): installing again`);
		rmSync(dir, { recursive: true, force: true });
	}
	const partial = `${dir}${PARTIAL}${process.pid}`;
	rmSync(partial, { recursive: true, force: true });
	mkdirSync(partial, { recursive: true });
	const forget = onCleanup(`remove unfinished n8n install ${partial}`, () =>
		rmSync(partial, { recursive: true, force: true }),
	);
	writeFileSync(
		path.join(partial, 'package.json'),
		JSON.stringify({ name: 'n8n-e2e-runtime', private: true, description: 'n8n for npm run test:e2e' }, null, 2),
	);
	info(`installing n8n@${N8N_VERSION} into ${partial} (first run on this machine: a few minutes, ~3 GB)`);
	await run(
		'npm',
		['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--save-exact', '--no-audit', '--no-fund', '--loglevel=warn'],
		{ cwd: partial, env: npmEnv(), logPrefix: path.join(tempDir, 'npm-install-n8n'), label: 'npm install n8n', timeoutMs: 30 * 60_000 },
	);
	info(`compiling sqlite3 against ${nodedir}/include/node`);
	await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts', '--loglevel=warn'], {
		cwd: partial,
		env: npmEnv({ npm_config_nodedir: nodedir, npm_config_build_from_source: 'true' }),
		logPrefix: path.join(tempDir, 'npm-rebuild-sqlite3'),
		label: 'npm rebuild sqlite3',
		timeoutMs: 15 * 60_000,
	});
	await run(process.execPath, ['-e', "require('sqlite3'); require('n8n/package.json')"], {
		cwd: partial,
		env: npmEnv(),
		logPrefix: path.join(tempDir, 'check-sqlite3'),
		label: 'loading the compiled sqlite3',
		timeoutMs: 60_000,
	});
	writeFileSync(
		path.join(partial, MARKER),
		JSON.stringify({ n8n: N8N_VERSION, node: process.version, at: new Date().toISOString() }, null, 2),
	);
	try {
		renameSync(partial, dir);
	} catch (error) {
		if (!isComplete(dir)) throw error;
		info('another run finished installing n8n first: using its install');
		rmSync(partial, { recursive: true, force: true });
	}
	await forget();
	return { dir, bin: n8nBin(dir), installed: true };
}

module.exports = { N8N_VERSION, cacheDir, ensureN8n };
