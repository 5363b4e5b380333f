// @ts-check
// Reference runners: the ways users run PiAPI face swaps today, as small HTTP clients of the unified task API
// (no n8n engine, no result download: that only flatters them). Each takes the items' create bodies and returns,
// per item, whether it completed and when the runner knew.
//  - community node (n8n-nodes-piapi 1.0.5): one item at a time; first poll right after creation, then every 3 s;
//    gives up after 20 polls.
//  - hand-built workflow (HTTP Request → Wait 5 s → HTTP Request → IF, looping): every creation sent at once, then
//    every 5 s one poll for every unfinished task; gives up after 30 rounds.
//  - PiAPI MCP server: a poll every 2 s, 30 tries. PiAPI CLI: first poll after 1 s, each wait ×1.5 up to 30 s,
//    gives up after 5 min. Both handle one task per call, so a list runs one item at a time.
const http = require('node:http');

/** @typedef {{ baseUrl: string, apiKey: string }} Target */
/** @typedef {{ ok: boolean, taskId?: string, status?: string, error?: string, knownAt: number }} ItemResult */
/** @typedef {(target: Target, bodies: object[]) => Promise<ItemResult[]>} Runner */

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const FINAL = new Set(['completed', 'failed', 'cancelled']);

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {Target} target
 * @param {string} method
 * @param {string} path
 * @param {object} [body]
 * @returns {Promise<{ status: number, json: any }>}
 */
function requestJson(target, method, path, body) {
	return new Promise((resolve, reject) => {
		const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const headers = { 'x-api-key': target.apiKey, ...(data ? { 'content-type': 'application/json' } : {}) };
		const request = http.request(new URL(path, target.baseUrl), { method, agent, headers }, (response) => {
			/** @type {Buffer[]} */
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				try {
					resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
				} catch (error) {
					reject(error);
				}
			});
		});
		request.on('error', reject);
		request.end(data);
	});
}

/** @param {Target} target @param {object} body @returns {Promise<string>} */
async function createTask(target, body) {
	const { status, json } = await requestJson(target, 'POST', '/api/v1/task', body);
	if (status !== 200) throw new Error(`create answered HTTP ${status}: ${JSON.stringify(json)}`);
	return json.data.task_id;
}

/** @param {Target} target @param {string} taskId @returns {Promise<string>} */
async function taskStatus(target, taskId) {
	const { status, json } = await requestJson(target, 'GET', `/api/v1/task/${taskId}`);
	if (status !== 200) throw new Error(`get answered HTTP ${status}`);
	return String(json.data.status).toLowerCase();
}

/**
 * One task, polled after each wait that `waits` yields, until final or out of waits.
 * @param {Target} target
 * @param {object} body
 * @param {Iterable<number>} waits ms before each poll
 * @returns {Promise<ItemResult>}
 */
async function createAndPoll(target, body, waits) {
	const taskId = await createTask(target, body);
	let status = 'pending';
	for (const wait of waits) {
		await sleep(wait);
		status = await taskStatus(target, taskId);
		if (FINAL.has(status)) return { ok: status === 'completed', taskId, status, knownAt: Date.now() };
	}
	return { ok: false, taskId, status, error: `gave up (last status ${status})`, knownAt: Date.now() };
}

/** Items one after the other. @param {(body: object) => Promise<ItemResult>} one @returns {Runner} */
const oneAtATime = (one) => async (_target, bodies) => {
	/** @type {ItemResult[]} */
	const results = [];
	for (const body of bodies) results.push(await one(body));
	return results;
};

/** @param {number} first @param {number} every @param {number} count */
function* fixedWaits(first, every, count) {
	for (let poll = 0; poll < count; poll++) yield poll === 0 ? first : every;
}

/** @param {{ firstMs: number, factor: number, maxMs: number, totalMs: number }} cli */
function* cliWaits({ firstMs, factor, maxMs, totalMs }) {
	let waited = 0;
	for (let wait = firstMs; waited + wait <= totalMs; wait = Math.min(maxMs, wait * factor)) {
		waited += wait;
		yield Math.round(wait);
	}
}

// The strategies' timings; the labels are made from them, so the report says what ran.
const COMMUNITY = { everyMs: 3000, polls: 20 };
const HAND_BUILT = { everyMs: 5000, rounds: 30 };
const MCP = { everyMs: 2000, polls: 30 };
const CLI = { firstMs: 1000, factor: 1.5, maxMs: 30_000, totalMs: 300_000 };
const s = (/** @type {number} */ ms) => `${ms / 1000} s`;

/** @type {Record<string, { label: string, run: Runner }>} */
const REFERENCES = {
	communityNode: {
		label: `community node (${s(COMMUNITY.everyMs)}, one at a time)`,
		run: (target, bodies) =>
			oneAtATime((body) => createAndPoll(target, body, fixedWaits(0, COMMUNITY.everyMs, COMMUNITY.polls)))(target, bodies),
	},
	handBuilt: {
		label: `hand-built workflow (all at once, ${s(HAND_BUILT.everyMs)})`,
		async run(target, bodies) {
			// A refused creation fails its item, as in an HTTP Request node; the others go on.
			const created = await Promise.all(bodies.map((body) => createTask(target, body).catch((error) => error)));
			/** @type {(ItemResult | undefined)[]} */
			const results = created.map((each) =>
				each instanceof Error ? { ok: false, error: each.message.split(':')[0], knownAt: Date.now() } : undefined,
			);
			const taskIds = created.map((each) => (each instanceof Error ? undefined : String(each)));
			for (let round = 0; round < HAND_BUILT.rounds && results.filter(Boolean).length < bodies.length; round++) {
				await sleep(HAND_BUILT.everyMs);
				await Promise.all(
					taskIds.map(async (taskId, index) => {
						if (results[index] || taskId === undefined) return;
						const status = await taskStatus(target, taskId);
						if (FINAL.has(status)) results[index] = { ok: status === 'completed', taskId, status, knownAt: Date.now() };
					}),
				);
			}
			return taskIds.map(
				(taskId, index) => results[index] ?? { ok: false, taskId, error: 'gave up', knownAt: Date.now() },
			);
		},
	},
	piapiMcp: {
		label: `PiAPI MCP (${s(MCP.everyMs)})`,
		run: (target, bodies) =>
			oneAtATime((body) => createAndPoll(target, body, fixedWaits(MCP.everyMs, MCP.everyMs, MCP.polls)))(target, bodies),
	},
	piapiCli: {
		label: `PiAPI CLI (${s(CLI.firstMs)} ×${CLI.factor} to ${s(CLI.maxMs)})`,
		run: (target, bodies) => oneAtATime((body) => createAndPoll(target, body, cliWaits(CLI)))(target, bodies),
	},
};

module.exports = { REFERENCES, requestJson };
