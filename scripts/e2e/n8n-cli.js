// @ts-check
// Running the real n8n CLI offline: a clean environment (nothing inherited that changes n8n, nothing that lets
// it call out), a user folder of the run's own, ports picked free on 127.0.0.1.
const net = require('node:net');
const path = require('node:path');
const { npmEnv, run, start } = require('./processes');

/**
 * What keeps n8n from calling out. Checked with `strace -f -e trace=execve,connect` over a whole e2e run with
 * these settings: every connection of n8n and its children went to 127.0.0.1. The license SDK skips renewal
 * without a license. GET /rest/community-packages runs `npm outdated --json` in the nodes folder (update check,
 * community-packages.lifecycle.service.ts) and that npm inherits n8n's environment: npm_config_offline keeps it
 * off the registry (it then reports ENOTCACHED, which n8n reads as "no updates"). The editor asks the server for
 * n8n's list of vetted community nodes (GET /rest/community-node-types, which n8n fetches from api(-staging).n8n.io):
 * N8N_VERIFIED_PACKAGES_ENABLED=false keeps that list empty without the lookup.
 */
const OFFLINE_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	EXTERNAL_FRONTEND_HOOKS_URLS: '',
	N8N_DISABLED_MODULES: 'mcp-registry',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	npm_config_offline: 'true',
};

/**
 * A port that was free on 127.0.0.1 a moment ago, drawn below the ephemeral range (Linux 32768–60999, macOS from 49152):
 * a port the system picked for `listen(0)` is also one it may hand to an outgoing connection (n8n's to Postgres or
 * Redis) before the n8n process that was given it binds it ("port … is already in use").
 * @returns {Promise<number>}
 */
async function freePort() {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = 20000 + Math.floor(Math.random() * 12000);
		if (await canListen(port)) return port;
	}
	throw new Error('no free port found between 20000 and 32000 on 127.0.0.1');
}

/** @param {number} port @returns {Promise<boolean>} */
function canListen(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/**
 * @typedef {object} N8nCli
 * @property {string} userFolder N8N_USER_FOLDER; n8n keeps everything in its .n8n folder
 * @property {(args: string[], label: string, options?: { timeoutMs?: number, allowFailure?: boolean }) => Promise<{ code: number, stdout: string, outFile: string, errFile: string }>} run
 * @property {(args: string[], label: string, extraEnv: Record<string, string>) => import('./processes').Started} start
 */

/**
 * @param {{ bin: string, userFolder: string, logDir: string, settings?: Record<string, string | undefined> }} options
 *   settings: n8n settings of the run over the defaults below (undefined: leave n8n's own default)
 * @returns {Promise<N8nCli>}
 */
async function createN8nCli({ bin, userFolder, logDir, settings = {} }) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [key, value] of Object.entries(npmEnv())) {
		// A developer's own n8n settings (database, custom extensions, queue mode…) must not leak in.
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODE_PATH$|NODE_FUNCTION_|CREDENTIALS_|WEBHOOK_URL$)/.test(key)) continue;
		env[key] = value;
	}
	Object.assign(env, OFFLINE_ENV, {
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		// Binary data on disk, as a default n8n install keeps it: the test reads the stored files.
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_LOG_LEVEL: 'info',
	});
	for (const [key, value] of Object.entries(settings)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	let count = 0;
	/** @param {string} label */
	const logPrefix = (label) => path.join(logDir, `${String(++count).padStart(2, '0')}-${label.replace(/[^\w.-]+/g, '_')}`);
	return {
		userFolder,
		run: (args, label, { timeoutMs = 5 * 60_000, allowFailure = false } = {}) =>
			run(process.execPath, [bin, ...args], { cwd: userFolder, env, logPrefix: logPrefix(label), label, timeoutMs, allowFailure }),
		start: (args, label, extraEnv) => {
			const prefix = logPrefix(label);
			return start(process.execPath, [bin, ...args], {
				cwd: userFolder,
				env: { ...env, ...extraEnv },
				outFile: `${prefix}.out.log`,
				errFile: `${prefix}.err.log`,
				label,
			});
		},
	};
}

module.exports = { OFFLINE_ENV, createN8nCli, freePort };
