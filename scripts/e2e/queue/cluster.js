// @ts-check
// n8n in queue mode, as n8n documents scaling out: one main process (editor, REST API, triggers; with
// N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true it serves no production webhooks), workers that run the executions they take
// from Redis, and webhook processes for /webhook/* behind the proxy (proxy.js). All started together and waited for.
// Every process: the same encryption key, Redis, Postgres, user folder (with the community package in .n8n/nodes) and
// N8N_WEBHOOK_URL (the proxy, so Production URLs point at it); each its own ports, task runner broker port included.
const { randomBytes } = require('node:crypto');
const { freePort } = require('../n8n-cli');
const { startN8nServer } = require('../n8n-server');
const { tail } = require('../processes');
const { E2eFailure, info } = require('../report');

const POOL_SIZE = Number(process.env.PIAPI_QUEUE_POOL ?? 10);

/**
 * The settings every process (and every n8n CLI call) of the run shares.
 * @param {{ redisPort: number, postgresPort: number, webhookUrl: string }} options
 * @returns {Record<string, string | undefined>}
 */
function queueSettings({ redisPort, postgresPort, webhookUrl }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgresPort),
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_DATABASE: 'postgres',
		// n8n's default is 2 connections per process; webhook processes taking a burst of callbacks then answer part of
		// them 503 "Database is not ready!" (README, Queue mode). PIAPI_QUEUE_POOL=2 shows it.
		DB_POSTGRESDB_POOL_SIZE: String(POOL_SIZE),
		// Queue mode's own binary data mode (n8n 2.41.1: database), not the filesystem mode the other e2e sets.
		N8N_DEFAULT_BINARY_DATA_MODE: undefined,
		N8N_WEBHOOK_URL: `${webhookUrl}/`,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		// Manual runs ("Execute workflow", POST /rest/workflows/:id/run) go to the workers too.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// A killed worker's job is found stalled sooner than with n8n's defaults (lock 60 s, check every 30 s).
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		N8N_LOG_LEVEL: 'debug',
	};
}

/**
 * @param {string} url
 * @param {import('../processes').Started} child
 * @param {string} label
 */
async function waitHealthy(url, child, label, timeoutMs = 180_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (!child.running()) throw new E2eFailure(`${label} exited before it was ready${tail(child.errFile)}${tail(child.outFile)}`);
		const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((answer) => answer.status, () => 0);
		if (status === 200) return;
		if (Date.now() > deadline) throw new E2eFailure(`${label} not ready within ${timeoutMs / 1000} s${tail(child.outFile)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/**
 * @typedef {object} QueueProcess
 * @property {string} name e.g. worker-1
 * @property {number} port its HTTP port (health checks; webhooks for webhook processes)
 * @property {import('../processes').Started} process
 */

/**
 * @param {{ cli: import('../n8n-cli').N8nCli, mainPort: number, workers?: number, webhooks?: number }} options
 */
async function startCluster({ cli, mainPort, workers = 2, webhooks = 2 }) {
	const began = Date.now();
	/** @type {QueueProcess[]} */
	const started = [];
	/** @param {string} name @param {string[]} args @param {Record<string, string>} env */
	const launch = async (name, args, env) => {
		const port = await freePort();
		const child = cli.start(args, name, { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...(args[0] === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port) } : { N8N_PORT: String(port) }) });
		started.push({ name, port, process: child });
	};
	for (let n = 1; n <= workers; n++) await launch(`worker-${n}`, ['worker'], {});
	for (let n = 1; n <= webhooks; n++) await launch(`webhook-${n}`, ['webhook'], {});
	const ready = (/** @type {QueueProcess} */ { name, port, process }) => waitHealthy(`http://127.0.0.1:${port}/healthz/readiness`, process, `n8n ${name}`);
	const [server] = await Promise.all([
		startN8nServer({ cli, port: mainPort, env: { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } }),
		...started.map(ready),
	]);
	info(`main, ${workers} workers, ${webhooks} webhook processes ready after ${((Date.now() - began) / 1000).toFixed(1)} s`);
	const workerList = started.filter(({ name }) => name.startsWith('worker-'));
	return {
		server,
		workers: workerList,
		webhooks: started.filter(({ name }) => name.startsWith('webhook-')),
		/** Starts one more worker (e.g. with `--concurrency=1`) and waits until it is ready. @param {string} name @param {string[]} [flags] */
		async addWorker(name, flags = []) {
			await launch(name, ['worker', ...flags], {});
			const worker = /** @type {QueueProcess} */ (started.at(-1));
			await ready(worker);
			workerList.push(worker);
			return worker;
		},
		stop: () => Promise.all([server.stop(), ...started.map(({ process }) => process.stop())]),
	};
}

module.exports = { POOL_SIZE, queueSettings, startCluster };
