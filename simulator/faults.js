// @ts-check
// Injected faults: what a flaky network, a rate limiter or a proxy in front of PiAPI can do to a request.
// A fault answers instead of the endpoint (so a faulted create creates no task), except 'slow', which only delays,
// and the '*-after-create' kinds: the endpoint creates the task, then its answer is lost (respondAfterCreate).

const { sendBytes, sendJson, sendTooManyRequests } = require('./http-util');

/** @typedef {import('./types').FaultSpec} FaultSpec */
/** @typedef {import('./types').FaultRoute} FaultRoute */
/** @typedef {import('./types').FaultKind} FaultKind */
/** @typedef {Required<FaultSpec> & { remaining: number }} ActiveFault */

/** @type {FaultKind[]} */
const FAULT_KINDS = [
	'401',
	'429',
	'429-retry-after',
	'403-html',
	'404-html',
	'500-html',
	'502-html',
	'malformed-json',
	'empty-data',
	'null-data',
	'reset',
	'slow',
	'reset-after-create',
	'500-after-create',
	'malformed-json-after-create',
	'slow-after-create',
];
const AFTER_CREATE_KINDS = new Set(FAULT_KINDS.filter((kind) => kind.endsWith('-after-create')));
const CREATE_ROUTES = new Set(['create', 'legacyCreate']);
// Past the node's 60 s request timeout for creations (transport/index.ts): the node has stopped waiting by then.
const SLOW_AFTER_CREATE_DEFAULT_MS = 65_000;
/** @type {FaultRoute[]} */
const FAULT_ROUTES = ['create', 'get', 'cancel', 'legacyCreate', 'legacyFetch', 'result', 'account', 'upload', '*'];

/** @type {Partial<Record<FaultKind, number>>} */
const DEFAULT_DELAY_MS = { slow: 1000, 'slow-after-create': SLOW_AFTER_CREATE_DEFAULT_MS };

/** @param {number} status @param {string} title */
function nginxPage(status, title) {
	const heading = `${status} ${title}`;
	return `<html>\r\n<head><title>${heading}</title></head>\r\n<body>\r\n<center><h1>${heading}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

// Cut off mid-string, like a proxy that dropped the rest of the body.
const TRUNCATED_JSON = '{"code":200,"message":"success","data":{"task_id":"3f2a9c1e-7b';

function createFaults() {
	/** @type {ActiveFault[]} */
	let active = [];

	return {
		/** @param {FaultSpec} spec */
		inject(spec) {
			if (!FAULT_ROUTES.includes(spec.route)) throw new Error(`unknown fault route "${spec.route}"`);
			if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`unknown fault kind "${spec.kind}"`);
			if (AFTER_CREATE_KINDS.has(spec.kind) && !CREATE_ROUTES.has(spec.route)) {
				throw new Error(`fault kind "${spec.kind}" needs route "create" or "legacyCreate"`);
			}
			const times = spec.times ?? 1;
			if (!Number.isInteger(times) || times < 1) throw new Error('fault "times" must be a positive integer');
			active.push({
				route: spec.route,
				kind: spec.kind,
				times,
				retryAfterSeconds: spec.retryAfterSeconds ?? 1,
				delayMs: spec.delayMs ?? DEFAULT_DELAY_MS[spec.kind] ?? 0,
				remaining: times,
			});
		},
		/**
		 * Consumes one use of the first fault matching the route, if any.
		 * @param {Exclude<FaultRoute, '*'>} route
		 * @returns {ActiveFault|undefined}
		 */
		take(route) {
			const fault = active.find((f) => f.route === route || f.route === '*');
			if (!fault) return undefined;
			fault.remaining -= 1;
			if (fault.remaining === 0) active = active.filter((f) => f !== fault);
			return fault;
		},
		/** @returns {ActiveFault[]} */
		list() {
			return active.map((f) => ({ ...f }));
		},
		clear() {
			active = [];
		},
	};
}

/** @param {FaultSpec} fault */
const isAfterCreate = (fault) => AFTER_CREATE_KINDS.has(fault.kind);

/**
 * Answers a request the way the fault says. Returns true when the request should then be handled normally ('slow').
 * @param {ActiveFault} fault
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function respondWithFault(fault, req, res) {
	switch (fault.kind) {
		case 'slow':
			return true;
		case 'reset':
			req.socket.destroy();
			return false;
		case '401':
			sendJson(res, 401, { code: 401, message: 'Unauthorized: invalid API key', data: null });
			return false;
		case '429':
			sendTooManyRequests(res);
			return false;
		case '429-retry-after':
			sendTooManyRequests(res, { 'Retry-After': String(fault.retryAfterSeconds) });
			return false;
		// A result host's answer to a link that has expired or was withdrawn (PiAPI's result links expire).
		case '403-html':
			sendHtml(res, 403, nginxPage(403, 'Forbidden'));
			return false;
		case '404-html':
			sendHtml(res, 404, nginxPage(404, 'Not Found'));
			return false;
		case '500-html':
			sendHtml(res, 500, nginxPage(500, 'Internal Server Error'));
			return false;
		case '502-html':
			sendHtml(res, 502, nginxPage(502, 'Bad Gateway'));
			return false;
		case 'malformed-json':
			sendBytes(res, 200, Buffer.from(TRUNCATED_JSON), 'application/json; charset=utf-8');
			return false;
		// PiAPI's success envelope without a task in it: valid JSON, code 200, but no task ID.
		case 'empty-data':
			sendJson(res, 200, { code: 200, message: 'success', data: {} });
			return false;
		case 'null-data':
			sendJson(res, 200, { code: 200, message: 'success', data: null });
			return false;
		default: // the '*-after-create' kinds act after the endpoint (respondAfterCreate)
			return true;
	}
}

/**
 * The answer to a creation whose task now exists, lost as the fault says: the connection dropped, PiAPI's own 500,
 * the real answer cut off halfway, or the real answer late (if the client is still there). `delayMs` comes first.
 * @param {ActiveFault} fault
 * @param {{ status: number, body: Buffer }} answer what the endpoint answered
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {(ms: number) => Promise<void>} delay
 */
async function respondAfterCreate(fault, answer, req, res, delay) {
	// A client that stops waiting closes the connection: nothing more to hold the answer for.
	const closed = new Promise((resolve) => res.once('close', resolve));
	if (fault.delayMs > 0) await Promise.race([delay(fault.delayMs), closed]);
	switch (fault.kind) {
		case 'reset-after-create':
			req.socket.destroy();
			return;
		case '500-after-create':
			sendJson(res, 500, { code: 500, message: 'internal error', data: null });
			return;
		case 'malformed-json-after-create':
			sendBytes(res, 200, answer.body.subarray(0, Math.floor(answer.body.length / 2)), 'application/json; charset=utf-8');
			return;
		default: // 'slow-after-create'
			sendBytes(res, answer.status, answer.body, 'application/json; charset=utf-8');
	}
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {string} html */
function sendHtml(res, status, html) {
	sendBytes(res, status, Buffer.from(html), 'text/html', { Server: 'nginx' });
}

module.exports = { createFaults, respondWithFault, respondAfterCreate, isAfterCreate, FAULT_KINDS, FAULT_ROUTES };
