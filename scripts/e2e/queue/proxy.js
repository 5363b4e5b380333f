// @ts-check
// The load balancer in front of n8n's webhook processes, as a user would run nginx or a cloud balancer: each request
// goes to the next webhook process in turn (round robin), body and answer passed through unchanged. It counts what
// each process got and answered, so the checks can show the requests were spread. Optionally one path (the PiAPI
// Trigger's, README's recipe for several webhook processes) all goes to the first webhook process.
const http = require('node:http');
const { onCleanup } = require('../cleanup');

/**
 * @param {{ targets?: number[] }} [options] ports of the webhook processes on 127.0.0.1 (settable later, before use)
 */
async function startProxy({ targets = [] } = {}) {
	let next = 0;
	/** @type {{ port: number, path: string, status: number, body: string, request: string, at: number, answeredAt: number }[]} */
	const answered = [];
	/** @type {{ status: number, body: string, path: string } | undefined} */
	let fault;
	let faultsLeft = 0;
	/** @type {string | undefined} */
	let pinnedPath;
	const server = http.createServer((req, res) => {
		const at = Date.now();
		const port = pinnedPath !== undefined && req.url?.startsWith(pinnedPath) ? targets[0] : targets[next++ % targets.length];
		let request = '';
		req.on('data', (/** @type {Buffer} */ chunk) => {
			if (request.length < 300) request += chunk.toString('utf8').slice(0, 300 - request.length);
		});
		if (fault && faultsLeft > 0 && req.url?.startsWith(fault.path)) {
			// What n8n answers when its database is not ready (seen under load): the request reaches no webhook process.
			faultsLeft -= 1;
			const { status, body } = fault;
			req.resume();
			req.on('end', () => {
				answered.push({ port: 0, path: req.url ?? '', status, body, request, at, answeredAt: Date.now() });
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(body);
			});
			return;
		}
		const upstream = http.request(
			{ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
			(answer) => {
				const record = { port, path: req.url ?? '', status: answer.statusCode ?? 0, body: '', request, at, answeredAt: Date.now() };
				answered.push(record);
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.on('data', (/** @type {Buffer} */ chunk) => {
					if (record.body.length < 200) record.body += chunk.toString('utf8').slice(0, 200 - record.body.length);
				});
				answer.pipe(res);
			},
		);
		upstream.once('error', (error) => {
			answered.push({ port, path: req.url ?? '', status: 502, body: error.message, request, at, answeredAt: Date.now() });
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
		/**
		 * README's recipe for the PiAPI Trigger: every request for `path` goes to the first webhook process, the rest round
		 * robin as before; undefined: everything round robin again.
		 * @param {string | undefined} path
		 */
		sendPathToOne: (path) => {
			pinnedPath = path;
		},
		/**
		 * The next `times` requests to `path` are answered by the proxy itself with this status and body (n8n's 503 under
		 * load), reaching no webhook process.
		 * @param {{ path: string, status: number, body: string, times: number }} options
		 */
		answerItself: ({ path, status, body, times }) => {
			fault = { status, body, path };
			faultsLeft = times;
		},
		/** Answers so far: webhook process port (0: the proxy's own), path, status, the first characters of both bodies, arrival and answer times. */
		answered: () => [...answered],
		stop,
	};
}

module.exports = { startProxy };
