// @ts-check
// Redis and PostgreSQL for queue mode, started by the run itself: Debian's binaries (install-services.sh), fresh data in
// the run's temp folder, free ports on 127.0.0.1, stopped when the run ends (processes.js / cleanup.js). Postgres
// refuses to run as root: it runs as the `postgres` user (runuser), so its folder must be readable by that user.
const { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { freePort } = require('../n8n-cli');
const { npmEnv, run, start, tail } = require('../processes');
const { E2eFailure } = require('../report');

/** @param {() => Promise<boolean>} ready @param {import('../processes').Started} child @param {string} label */
async function waitReady(ready, child, label, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready().catch(() => false))) {
		if (!child.running()) throw new E2eFailure(`${label} exited before it was ready${tail(child.errFile)}${tail(child.outFile)}`);
		if (Date.now() > deadline) throw new E2eFailure(`${label} not ready within ${timeoutMs / 1000} s${tail(child.outFile)}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** Sends one inline command to a Redis server and resolves with its first answer line. @param {number} port @param {string} command */
function redisCommand(port, command) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
		socket.setTimeout(2000, () => socket.destroy(new Error('timeout')));
		socket.once('data', (data) => {
			socket.end();
			resolve(data.toString('utf8').split('\r\n')[0]);
		});
		socket.once('error', reject);
	});
}

/** @param {{ dir: string, logDir: string }} options */
async function startRedis({ dir, logDir }) {
	const port = await freePort();
	mkdirSync(dir, { recursive: true });
	const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir];
	const child = start('redis-server', args, {
		cwd: dir,
		env: npmEnv(),
		outFile: path.join(logDir, 'redis.out.log'),
		errFile: path.join(logDir, 'redis.err.log'),
		label: 'redis-server',
	});
	await waitReady(async () => (await redisCommand(port, 'PING')) === '+PONG', child, 'redis-server');
	return { port, process: child };
}

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(path.join(root, name, 'bin', 'initdb'))) : [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	if (!newest) throw new E2eFailure(`no PostgreSQL under ${root}: run scripts/e2e/queue/install-services.sh (apt-get install postgresql)`);
	return path.join(root, newest, 'bin');
}

/**
 * @param {{ dir: string, logDir: string, n8nDir: string }} options n8nDir: the n8n install, whose `pg` client the run uses
 */
async function startPostgres({ dir, logDir, n8nDir }) {
	const bin = postgresBinDir();
	const port = await freePort();
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	// The run's folder (mkdtemp: 0700) must be passable by postgres; dir itself is postgres's own.
	chmodSync(path.dirname(dir), 0o755);
	mkdirSync(dir, { recursive: true });
	chownSync(dir, uid, gid);
	chmodSync(dir, 0o700);
	const asPostgres = (/** @type {string} */ program) => ['-u', 'postgres', '--', path.join(bin, program)];
	await run('runuser', [...asPostgres('initdb'), '-D', path.join(dir, 'data'), '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'], {
		cwd: dir,
		env: npmEnv(),
		logPrefix: path.join(logDir, 'initdb'),
		label: 'initdb',
		timeoutMs: 120_000,
	});
	const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'];
	const child = start('runuser', [...asPostgres('postgres'), '-D', path.join(dir, 'data'), '-p', String(port), '-k', dir, ...settings], {
		cwd: dir,
		env: npmEnv(),
		outFile: path.join(logDir, 'postgres.out.log'),
		errFile: path.join(logDir, 'postgres.err.log'),
		label: 'postgres',
	});
	const { Client } = require(path.join(n8nDir, 'node_modules', 'pg'));
	/** @param {string} text @param {unknown[]} [values] @returns {Promise<any[]>} */
	async function query(text, values = []) {
		const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
		await client.connect();
		try {
			return (await client.query(text, values)).rows;
		} finally {
			await client.end();
		}
	}
	await waitReady(async () => (await query('select 1 as ok'))[0].ok === 1, child, 'postgres');
	return { port, user: 'postgres', database: 'postgres', process: child, query };
}

module.exports = { startPostgres, startRedis };
