// @ts-check
// Child processes of the e2e run. Each gets its own process group (n8n starts a task runner of its own, which must
// go too), its output goes to files in the run's temp folder, and each is stopped by its own id when the run ends.
const { spawn } = require('node:child_process');
const { closeSync, existsSync, openSync, readFileSync } = require('node:fs');
const { constants } = require('node:os');
const { isClosed, onCleanup } = require('./cleanup');
const { E2eFailure } = require('./report');

/**
 * @typedef {object} Started
 * @property {number} pid also the id of its process group
 * @property {Promise<number>} exited exit code (128 + n when a signal ended it)
 * @property {() => boolean} running
 * @property {(graceMs?: number) => Promise<void>} stop SIGTERM to the group, SIGKILL after graceMs
 * @property {string} outFile
 * @property {string} errFile
 */

/** @param {number} pid @param {NodeJS.Signals} signal */
function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is gone already
	}
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, outFile: string, errFile: string, label: string }} options
 * @returns {Started}
 */
function start(command, args, { cwd, env, outFile, errFile, label }) {
	if (isClosed()) throw new E2eFailure(`${label}: not started, the run is being cleaned up`);
	const out = openSync(outFile, 'w');
	const err = openSync(errFile, 'w');
	const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, err], detached: true });
	closeSync(out);
	closeSync(err);
	let alive = true;
	const exited = new Promise((resolve, reject) => {
		child.once('error', (error) => {
			alive = false;
			reject(new E2eFailure(`${label}: could not start ${command}: ${error.message}`));
		});
		child.once('exit', (code, signal) => {
			alive = false;
			// Members of its group still alive (a task runner n8n failed to stop) go with it: while any member
			// lives, the group id cannot have been given to another process.
			if (child.pid) signalGroup(child.pid, 'SIGKILL');
			resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
		});
	});
	const pid = /** @type {number} */ (child.pid);
	/** @param {number} [graceMs] */
	async function stop(graceMs = 15_000) {
		if (!alive) return;
		signalGroup(pid, 'SIGTERM');
		const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
		await exited.catch(() => undefined);
		clearTimeout(timer);
	}
	const forget = onCleanup(`stop ${label} (pid ${pid})`, () => stop(5_000));
	void exited.then(forget, forget);
	return { pid, exited, running: () => alive, stop, outFile, errFile };
}

/**
 * The last lines of a log file, indented, for failure messages.
 * @param {string} file
 * @param {number} [lines]
 */
function tail(file, lines = 40) {
	if (!existsSync(file)) return '';
	const text = readFileSync(file, 'utf8').trimEnd();
	if (!text) return '';
	const kept = text.split('\n').slice(-lines);
	return `\n  --- last lines of ${file} ---\n${kept.map((line) => `  | ${line}`).join('\n')}`;
}

/**
 * Runs a command to its end; fails with the end of its output after timeoutMs, and on a non-zero exit unless
 * allowFailure (then the caller looks at `code`).
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, logPrefix: string, label: string, timeoutMs: number, allowFailure?: boolean }} options
 * @returns {Promise<{ code: number, stdout: string, outFile: string, errFile: string }>}
 */
async function run(command, args, { cwd, env, logPrefix, label, timeoutMs, allowFailure = false }) {
	const outFile = `${logPrefix}.out.log`;
	const errFile = `${logPrefix}.err.log`;
	const child = start(command, args, { cwd, env, outFile, errFile, label });
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		void child.stop(5_000);
	}, timeoutMs);
	const code = await child.exited.finally(() => clearTimeout(timer));
	if (timedOut || (code !== 0 && !allowFailure)) {
		const why = timedOut ? `did not finish within ${Math.round(timeoutMs / 1000)} s` : `exited with code ${code}`;
		throw new E2eFailure(`${label} ${why}${tail(errFile)}${tail(outFile)}`);
	}
	return { code, stdout: readFileSync(outFile, 'utf8'), outFile, errFile };
}

/**
 * The environment for npm child processes: without the npm_* variables of the `npm run` that started us
 * (they carry this repository's config: local prefix, ignore-scripts…), except the user's registry settings.
 * @param {Record<string, string>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function npmEnv(extra = {}) {
	const keep = /^npm_config_(registry|cafile|cache|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl)$/i;
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) && !keep.test(key)) continue;
		env[key] = value;
	}
	delete env.NODE_OPTIONS;
	return { ...env, ...extra };
}

module.exports = { npmEnv, run, start, tail };
