// @ts-check
// Test utilities that need Node built-ins or timers, which the linted .ts tests may not use directly.

const http = require('node:http');

/** @param {number} ms @returns {Promise<void>} */
function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls check until it returns a truthy value; rejects after timeoutMs (generous: a loaded CI machine is slow,
 * and a passing test never waits it out).
 * @template T
 * @param {() => T|Promise<T>} check
 * @param {number} [timeoutMs]
 * @param {number} [intervalMs]
 * @returns {Promise<T>}
 */
async function waitFor(check, timeoutMs = 30_000, intervalMs = 10) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
		await sleep(intervalMs);
	}
}

/** @typedef {{ headers: http.IncomingHttpHeaders, body: any, at: number, answeredAt: number }} ReceivedRequest */

/**
 * A loopback HTTP server that records what is POSTed to it (a webhook receiver).
 * @param {number|number[]} [status] what it answers; a list: one status per delivery in order, the last one repeated
 * @param {object} [options]
 * @param {number} [options.holdMs] how long it waits before answering (so overlapping deliveries can be seen)
 */
async function startReceiver(status = 200, { holdMs = 0 } = {}) {
	/** @type {ReceivedRequest[]} */
	const received = [];
	const server = http.createServer((req, res) => {
		const at = Date.now();
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const entry = { headers: req.headers, body: text ? JSON.parse(text) : undefined, at, answeredAt: NaN };
			received.push(entry);
			const answer = Array.isArray(status) ? status[Math.min(received.length, status.length) - 1] : status;
			setTimeout(() => {
				entry.answeredAt = Date.now();
				res.writeHead(answer).end();
			}, holdMs);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}/hook`,
		received,
		/** @returns {Promise<void>} */
		stop: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/**
 * A loopback HTTP server answering GET with the given files (404 for others), as a user's own file host would.
 * A file given as a number is that many filler bytes, streamed (for bodies too large to hold).
 * @param {Record<string, Buffer|number>} files by path, e.g. { '/v.mp4': bytes }
 */
async function startFileServer(files) {
	/** @type {string[]} */
	const requested = [];
	const server = http.createServer((req, res) => {
		const path = req.url ?? '/';
		requested.push(path);
		const file = files[path];
		if (file === undefined) return void res.writeHead(404).end('not found');
		if (Buffer.isBuffer(file)) return void res.writeHead(200, { 'Content-Length': String(file.length) }).end(file);
		res.writeHead(200, { 'Content-Length': String(file) });
		const chunk = Buffer.alloc(64 * 1024);
		let left = file;
		const pump = () => {
			while (left > 0 && !res.destroyed) {
				left -= chunk.length;
				if (!res.write(left >= 0 ? chunk : chunk.subarray(0, chunk.length + left))) return void res.once('drain', pump);
			}
			res.end();
		};
		pump();
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${port}`,
		requested,
		/** @returns {Promise<void>} */
		stop: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** A loopback URL where nothing listens (a port that was just freed). @returns {Promise<string>} */
async function closedPortUrl() {
	const server = http.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return `http://127.0.0.1:${port}`;
}

module.exports = { sleep, waitFor, startReceiver, startFileServer, closedPortUrl };
