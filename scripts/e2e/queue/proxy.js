// @ts-check
// The load balancer in front of n8n's webhook processes, as a user would run nginx or a cloud balancer: each request
// goes to the next webhook process in turn (round robin), body and answer passed through unchanged. It counts what
// each process got and answered, so the checks can show the requests were spread.
const http = require('node:http');
const { onCleanup } = require('../cleanup');

/**
 * @param {{ targets?: number[] }} [options] ports of the webhook processes on 127.0.0.1 (settable later, before use)
 */
async function startProxy({ targets = [] } = {}) {
	let next = 0;
	/** @type {{ port: number, path: string, status: number, body: string }[]} */
	const answered = [];
	const server = http.createServer((req, res) => {
		const port = targets[next++ % targets.length];
		const upstream = http.request(
			{ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
			(answer) => {
				const record = { port, path: req.url ?? '', status: answer.statusCode ?? 0, body: '' };
				answered.push(record);
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.on('data', (/** @type {Buffer} */ chunk) => {
					if (record.body.length < 200) record.body += chunk.toString('utf8').slice(0, 200 - record.body.length);
				});
				answer.pipe(res);
			},
		);
		upstream.once('error', (error) => {
			answered.push({ port, path: req.url ?? '', status: 502, body: error.message });
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`proxy: webhook process on port ${port}: ${error.message}`);
		});
		req.pipe(upstream);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const stop = () =>
		new Promise((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve(undefined));
		});
	onCleanup('stop the proxy', stop);
	return {
		url: `http://127.0.0.1:${address.port}`,
		/** @param {number[]} ports */
		setTargets: (ports) => targets.splice(0, targets.length, ...ports),
		/** Answers so far: webhook process port, path, status, the body's first 200 characters. */
		answered: () => [...answered],
		stop,
	};
}

module.exports = { startProxy };
