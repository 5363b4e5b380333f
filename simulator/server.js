// @ts-check
// The HTTP front: logging and counting, routing, injected faults, API-key check, then the route's handler.

const http = require('node:http');
const { readBody, parseJson, sendJson, sendNotFound, apiKeyOf, BodyTooLargeError } = require('./http-util');
const { respondWithFault, respondAfterCreate, isAfterCreate } = require('./faults');
const { answerOf } = require('./creations');

/** @typedef {import('./types').Route} Route */

const UNAUTHORIZED = { code: 401, message: 'Unauthorized: invalid API key', data: null };

/**
 * @param {object} deps
 * @param {Route[]} deps.routes
 * @param {() => import('./types').SimulatorConfig} deps.getConfig
 * @param {ReturnType<import('./counters').createCounters>} deps.counters
 * @param {ReturnType<import('./request-log').createRequestLog>} deps.requestLog
 * @param {ReturnType<import('./faults').createFaults>} deps.faults
 * @param {ReturnType<import('./creations').createCreationLog>} deps.creations
 * @param {import('./timers').Timers} deps.timers
 */
function createHttpServer({ routes, getConfig, counters, requestLog, faults, creations, timers }) {
	/** @param {string} method @param {string} path */
	function match(method, path) {
		for (const route of routes) {
			const found = route.methods.includes(method) ? route.pattern.exec(path) : null;
			if (found) return { route, params: found.slice(1) };
		}
		return undefined;
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function handle(req, res) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = req.method ?? 'GET';
		const matched = match(method === 'HEAD' ? 'GET' : method, url.pathname);
		const presentedKey = apiKeyOf(req);
		const apiKey = presentedKey !== undefined && getConfig().apiKeys.includes(presentedKey) ? presentedKey : undefined;

		let raw;
		try {
			raw = await readBody(req);
		} catch (error) {
			if (error instanceof BodyTooLargeError)
				sendJson(res, 413, { code: 413, message: 'request entity too large', data: null });
			else req.socket.destroy();
			return;
		}
		const body = parseJson(raw);
		if (!matched?.route.internal) {
			counters.count('requests', apiKey);
			requestLog.add({ method, path: req.url ?? '/', headers: { ...req.headers }, body, at: Date.now() });
		}
		if (!matched) return sendNotFound(res);
		const { route, params } = matched;

		const fault = route.fault ? faults.take(route.fault) : undefined;
		/** @type {{ taskId: string|null }} */
		const created = { taskId: null };
		if (route.fault === 'create' || route.fault === 'legacyCreate') {
			// Once the answer is written or the connection is gone: what the client could tell from it.
			res.once('close', () => {
				const answer = answerOf({ delivered: res.writableFinished, status: res.statusCode, fault: fault?.kind });
				creations.add(body, { answer, taskId: created.taskId, fault: fault?.kind ?? null });
			});
		}
		if (fault) {
			counters.countFault(fault.kind);
			if (!isAfterCreate(fault)) {
				if (fault.delayMs > 0) await timers.delay(fault.delayMs);
				if (!respondWithFault(fault, req, res)) return;
			}
		}
		if (route.auth && !apiKey) {
			counters.countGlobal('unauthorized');
			return sendJson(res, 401, UNAUTHORIZED);
		}
		if (raw.length > 0 && body === undefined && method === 'POST') {
			return sendJson(res, 400, {
				code: 400,
				message: 'invalid request',
				data: null,
				detail: 'body is not valid JSON',
			});
		}
		if (fault && isAfterCreate(fault)) {
			const capture = capturedResponse();
			created.taskId = taskIdOf(await route.handle({ req, res: capture.res, url, params, body, apiKey }));
			return await respondAfterCreate(fault, capture.answer, req, res, timers.delay);
		}
		created.taskId = taskIdOf(await route.handle({ req, res, url, params, body, apiKey }));
	}

	return http.createServer((req, res) => {
		handle(req, res).catch((/** @type {unknown} */ error) => {
			// A bug in the simulator or a throwing plan hook: answer like PiAPI's generic failure, keep the reason visible.
			const detail = error instanceof Error ? error.message : String(error);
			sendJson(res, 500, { code: 500, message: 'internal error', data: null, detail: `simulator: ${detail}` });
		});
	});
}

/** The ID of the task a create handler returns, if it made one. @param {unknown} handled */
function taskIdOf(handled) {
	const id = /** @type {{ id?: unknown }} */ (handled ?? {}).id;
	return typeof id === 'string' ? id : null;
}

/**
 * A stand-in response that keeps what the endpoint answers (status and body, as sendJson writes them), for faults
 * that lose the real answer after the endpoint has acted.
 */
function capturedResponse() {
	const answer = { status: 0, body: /** @type {Buffer} */ (Buffer.alloc(0)) };
	const res = {
		headersSent: false,
		destroyed: false,
		/** @param {number} status */
		writeHead(status) {
			answer.status = status;
			res.headersSent = true;
		},
		/** @param {Buffer} body */
		end(body) {
			answer.body = body;
		},
	};
	return { res: /** @type {http.ServerResponse} */ (/** @type {unknown} */ (res)), answer };
}

module.exports = { createHttpServer };
