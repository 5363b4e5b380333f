// @ts-check
// The HTTP front: logging and counting, routing, injected faults, API-key check, then the route's handler.

const http = require('node:http');
const { readBody, parseJson, sendJson, sendNotFound, apiKeyOf, BodyTooLargeError } = require('./http-util');
const { respondWithFault } = require('./faults');

/** @typedef {import('./types').Route} Route */

const UNAUTHORIZED = { code: 401, message: 'Unauthorized: invalid API key', data: null };

/**
 * @param {object} deps
 * @param {Route[]} deps.routes
 * @param {() => import('./types').SimulatorConfig} deps.getConfig
 * @param {ReturnType<import('./counters').createCounters>} deps.counters
 * @param {ReturnType<import('./request-log').createRequestLog>} deps.requestLog
 * @param {ReturnType<import('./faults').createFaults>} deps.faults
 * @param {import('./timers').Timers} deps.timers
 */
function createHttpServer({ routes, getConfig, counters, requestLog, faults, timers }) {
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
		if (fault) {
			counters.countFault(fault.kind);
			if (fault.delayMs > 0) await timers.delay(fault.delayMs);
			if (!respondWithFault(fault, req, res)) return;
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
		await route.handle({ req, res, url, params, body, apiKey });
	}

	return http.createServer((req, res) => {
		handle(req, res).catch((/** @type {unknown} */ error) => {
			// A bug in the simulator or a throwing plan hook: answer like PiAPI's generic failure, keep the reason visible.
			const detail = error instanceof Error ? error.message : String(error);
			sendJson(res, 500, { code: 500, message: 'internal error', data: null, detail: `simulator: ${detail}` });
		});
	});
}

module.exports = { createHttpServer };
