// @ts-check
// /__simulator/* endpoints: the in-process API over HTTP, for CLI users and out-of-process tests.
// They need no API key and are neither counted nor logged.

const { sendJson } = require('./http-util');

/** @typedef {import('./types').Route} Route */
/** @typedef {import('./types').RequestContext} RequestContext */

/**
 * @param {import('./index').Simulator} simulator
 * @returns {Route[]}
 */
function controlRoutes(simulator) {
	/**
	 * Runs an action; a thrown Error (bad option, bad fault) becomes a 400 with its message.
	 * @param {(context: RequestContext) => unknown} action
	 * @returns {(context: RequestContext) => void}
	 */
	const json = (action) => (context) => {
		let result;
		try {
			result = action(context);
		} catch (error) {
			return sendJson(context.res, 400, { error: error instanceof Error ? error.message : String(error) });
		}
		sendJson(context.res, 200, result);
	};
	// Without the result's bytes: resultSize says how many a download gets.
	const summaries = () => simulator.tasks().map(({ resultBytes, ...rest }) => rest);
	const objectBody = (/** @type {unknown} */ body) => {
		if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('send a JSON object');
		return /** @type {Record<string, unknown>} */ (body);
	};

	/**
	 * @param {string} method
	 * @param {string} name
	 * @param {(context: RequestContext) => unknown} action
	 * @returns {Route}
	 */
	const route = (method, name, action) => ({
		methods: [method],
		pattern: new RegExp(`^/__simulator/${name}/?$`),
		internal: true,
		handle: json(action),
	});

	return [
		route('GET', 'state', () => ({
			url: simulator.url,
			config: simulator.config(),
			counters: simulator.counters(),
			faults: simulator.faults(),
			tasks: summaries(),
		})),
		route('POST', 'config', ({ body }) => {
			simulator.configure(objectBody(body));
			return { config: simulator.config() };
		}),
		route('GET', 'faults', () => ({ faults: simulator.faults() })),
		route('POST', 'faults', ({ body }) => {
			simulator.injectFault(/** @type {import('./types').FaultSpec} */ (/** @type {unknown} */ (objectBody(body))));
			return { faults: simulator.faults() };
		}),
		route('DELETE', 'faults', () => {
			simulator.clearFaults();
			return { faults: [] };
		}),
		route('POST', 'reset-counters', () => {
			simulator.resetCounters();
			return { counters: simulator.counters() };
		}),
		route('GET', 'requests', () => ({ requests: simulator.requestLog() })),
		route('GET', 'tasks', () => ({ tasks: summaries() })),
		route('GET', 'result-sha256', ({ url }) => {
			const id = url.searchParams.get('id') ?? '';
			return { id, sha256: simulator.resultSha256(id) ?? null };
		}),
		route('GET', 'creations', () => ({ items: simulator.creations(), repeated: simulator.repeatedCreations() })),
	];
}

module.exports = { controlRoutes };
