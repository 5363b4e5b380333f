// @ts-check
// Fault-injection soak (`npm run soak`, not part of `npm test`): 1,000 items through n8n's real engine against the
// PiAPI simulator while faults are injected on task creation, polling and result downloads all through the run,
// some items fail at PiAPI ("no face found"), some outlive the Wait Timeout, and every webhook is delivered twice.
// Pass: one output item per input item, in order, each paired with its input; every success carries exactly the
// bytes the simulator produced for that item's task; every failure a known, clear message and the task ID when a
// task exists; no item created two tasks; memory back to baseline. Prints the figures (see RELIABILITY.md).
require('../bench/env'); // N8N_USER_FOLDER in a temp folder, silent logs: before n8n-core loads
const http = require('node:http');
const { startSimulator } = require('../simulator');
const { createPrng } = require('../simulator/prng');
const harness = require('../test/harness');

const ITEMS = Number(process.env.SOAK_ITEMS ?? 1000);
const SEED = Number(process.env.SOAK_SEED ?? 7);
const WAIT_TIMEOUT_S = 5;
const LONG_TASK_MS = 9000; // beyond the Wait Timeout
const FAULT_EVERY_MS = 500; // one fault armed on each route at most, re-armed this often
const HEAP_SLACK_BYTES = 24 * 1024 * 1024; // the engine's caches and code vary by a few MB from run to run
// Result images are buffers (outside the heap): keeping them all would add ~21 MB (780 results of ~28 KB).
const EXTERNAL_SLACK_BYTES = 8 * 1024 * 1024;

/** @typedef {import('n8n-workflow').INodeExecutionData} Item */
/** @typedef {'normal' | 'noface' | 'long'} Kind */

/** What an item asks for: a face-less target fails at PiAPI, a .webp target gets a task longer than the timeout. */
/** @param {number} index @returns {Kind} */
const kindOf = (index) => (index % 20 === 7 ? 'noface' : index % 25 === 13 ? 'long' : 'normal');

/** @type {Array<[string, import('../simulator/types').FaultKind, Partial<import('../simulator/types').FaultSpec>?]>} */
const FAULTS = [
	['create', '429'],
	['create', '429-retry-after', { retryAfterSeconds: 1 }],
	['create', '500-html'],
	['create', '502-html'],
	['create', 'reset'],
	['create', 'malformed-json'],
	['create', 'slow', { delayMs: 1500 }],
	['get', '429'],
	['get', '429-retry-after', { retryAfterSeconds: 1 }],
	['get', '500-html'],
	['get', '502-html'],
	['get', 'reset'],
	['get', 'malformed-json'],
	['get', 'slow', { delayMs: 1500 }],
	['result', '429-retry-after', { retryAfterSeconds: 1 }],
	['result', '500-html'],
	['result', '502-html'],
	['result', 'reset'],
	['result', 'slow', { delayMs: 1500 }],
];

// Failures a fault or the item's own task may cause, and whether a task exists then (so the ID must be named).
/** @type {Array<{ name: string, pattern: RegExp, task: boolean }>} */
const FAILURES = [
	{ name: 'no face found (failed task)', pattern: /^PiAPI could not complete the face swap: invalid request, no face found/, task: true },
	{ name: 'timed out', pattern: /^Task \S+ did not finish within \d+ s/, task: true },
	{ name: 'server error page', pattern: /^PiAPI had a server error \(HTTP 50[02]\)$/, task: false },
	{ name: 'connection reset', pattern: /^Could not reach PiAPI: the connection was reset$/, task: false },
	{ name: 'malformed JSON', pattern: /^PiAPI sent a response that is not valid JSON \(HTTP 200\)$/, task: false },
	{ name: 'download failed', pattern: /^Could not download the result image: /, task: true },
];
// Those with task: false end the item at its creation (not retried: PiAPI may have made the task); the same faults
// on every try of a poll end it after the task exists, and then the task ID must be named.

/** Receives the simulator's webhooks (each sent twice): which item's task is which, from the path /hook/<index>. */
async function startWebhookReceiver() {
	/** @type {Map<string, { index: number, deliveries: number, statuses: string[] }>} */
	const byTask = new Map();
	let deliveries = 0;
	const server = http.createServer((req, res) => {
		const chunks = /** @type {Buffer[]} */ ([]);
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			deliveries++;
			const index = Number(/^\/hook\/(\d+)$/.exec(req.url ?? '')?.[1]);
			const data = JSON.parse(Buffer.concat(chunks).toString('utf8')).data;
			const entry = byTask.get(data.task_id) ?? { index, deliveries: 0, statuses: [] };
			entry.deliveries++;
			entry.statuses.push(String(data.status));
			byTask.set(data.task_id, entry);
			res.writeHead(200).end('ok');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: (/** @type {number} */ index) => `http://127.0.0.1:${port}/hook/${index}`,
		byTask,
		deliveries: () => deliveries,
		stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

/** @param {import('../simulator').Simulator} sim @param {number} items */
function swapParameters(sim, items) {
	return {
		operation: 'swapFaces',
		api: 'unified',
		targetImageSource: 'url',
		targetImageUrl: '={{ $json.target }}',
		swapImageSource: 'url',
		swapImageUrl: sim.sampleUrl('swap.png'),
		waitForCompletion: true,
		output: 'binary',
		options: {
			webhookUrl: '={{ $json.hook }}',
			waitTimeout: WAIT_TIMEOUT_S,
			pollIntervalMin: 0.2,
			pollIntervalMax: 1,
			// SOAK_ITEMS may be above the default Max Tasks per Execution (1,000): the soak means to send them all.
			maxTasksPerExecution: Math.max(items, 1),
		},
	};
}

/** Memory in use once the garbage is collected: after a pause, so that closed sockets and timers have let go. */
async function heapAfterGc() {
	await new Promise((resolve) => setTimeout(resolve, 1000));
	const gc = /** @type {undefined | (() => void)} */ (globalThis.gc);
	for (let i = 0; i < 3; i++) gc?.();
	return process.memoryUsage();
}

/**
 * One run of `items` items against a fresh simulator; returns what is needed to check it (the simulator stopped).
 * @param {number} items
 * @param {{ faults: boolean }} options
 */
async function soakRun(items, { faults }) {
	const hooks = await startWebhookReceiver();
	const sim = await startSimulator({
		port: 0,
		pendingMs: 50,
		processingMs: 300,
		jitter: 0.3,
		seed: SEED,
		duplicateWebhooks: true,
		requestLogLimit: 10,
		plan: (task) => (String(task.input.target_image).endsWith('.webp') ? { processingMs: LONG_TASK_MS } : undefined),
	});
	const target = /** @param {number} index */ (index) =>
		sim.sampleUrl({ normal: 'target.jpg', noface: 'noface.png', long: 'target.webp' }[kindOf(index)]);
	const input = Array.from({ length: items }, (_, index) => ({ json: { index, target: target(index), hook: hooks.url(index) } }));

	// Faults all through the run: every FAULT_EVERY_MS, each of the three routes gets one armed fault (picked by a
	// seeded PRNG) unless its previous one is still waiting for a request.
	const random = createPrng(SEED);
	const routes = ['create', 'get', 'result'];
	const arm = () => {
		const armed = new Set(sim.faults().map((fault) => fault.route));
		for (const route of routes) {
			if (armed.has(/** @type {any} */ (route))) continue;
			const choices = FAULTS.filter(([faultRoute]) => faultRoute === route);
			const [, kind, extra] = choices[Math.floor(random() * choices.length)];
			sim.injectFault({ route: /** @type {any} */ (route), kind, ...extra });
			armedByRoute[`${route} ${kind}`] = (armedByRoute[`${route} ${kind}`] ?? 0) + 1;
		}
	};
	/** @type {Record<string, number>} faults armed, by "route kind" (those still armed at the end are taken off below) */
	const armedByRoute = {};
	const armer = faults ? setInterval(arm, FAULT_EVERY_MS) : undefined;

	const startedAt = Date.now();
	const result = await harness.runNode({
		parameters: swapParameters(sim, items),
		input,
		credentials: { apiKey: String(sim.apiKey), baseUrl: sim.url },
		binaryMode: 'filesystem',
		continueOnFail: true,
	});
	const wallMs = Date.now() - startedAt;
	clearInterval(armer);
	for (const fault of sim.faults()) armedByRoute[`${fault.route} ${fault.kind}`] -= fault.remaining;
	sim.clearFaults();

	// Tasks that outlived the timeout are still running: wait for them (and for their webhooks) before counting.
	await harness.waitUntil(() => sim.tasks().every((task) => ['completed', 'failed', 'cancelled'].includes(task.status)), {
		what: 'every task to finish',
		timeoutMs: LONG_TASK_MS + 15_000,
	});
	await harness.waitUntil(() => hooks.deliveries() >= 2 * sim.tasks().length, { what: 'every webhook', timeoutMs: 10_000 });

	const check = await checkRun({ items, input, result, sim, hooks, kindOf });
	const counters = sim.counters();
	await sim.stop();
	await hooks.stop();
	return { wallMs, counters, faultsByRoute: armedByRoute, simulator: new WeakRef(sim), ...check };
}

/**
 * @param {object} run
 * @param {number} run.items
 * @param {Array<{ json: { index: number, target: string } }>} run.input
 * @param {Awaited<ReturnType<typeof harness.runNode>>} run.result
 * @param {import('../simulator').Simulator} run.sim
 * @param {Awaited<ReturnType<typeof startWebhookReceiver>>} run.hooks
 * @param {(index: number) => Kind} run.kindOf
 */
async function checkRun({ items, input, result, sim, hooks, kindOf }) {
	const problems = /** @type {string[]} */ ([]);
	const problem = (/** @type {string} */ text) => problems.length < 50 && problems.push(text);
	if (result.error) problem(`the node failed: ${result.error.message}`);
	if (result.items.length !== items) problem(`${result.items.length} output items for ${items} input items`);

	const tasks = new Map(sim.tasks().map((task) => [task.id, task]));
	// Which item each task belongs to (from the webhooks) and how many tasks each item created.
	const tasksPerItem = new Array(items).fill(0);
	for (const [taskId, hook] of hooks.byTask) {
		tasksPerItem[hook.index]++;
		if (hook.deliveries !== 2) problem(`task ${taskId}: ${hook.deliveries} webhook deliveries, expected 2`);
	}
	const unmapped = [...tasks.keys()].filter((id) => !hooks.byTask.has(id));
	if (unmapped.length) problem(`${unmapped.length} tasks without a webhook (cannot tell their item)`);
	const duplicates = tasksPerItem.filter((count) => count > 1).length;

	/** @type {Record<string, number>} */
	const outcomes = {};
	let resultBytes = 0;
	const count = (/** @type {string} */ name) => (outcomes[name] = (outcomes[name] ?? 0) + 1);
	for (let index = 0; index < Math.min(items, result.items.length); index++) {
		const item = /** @type {Item} */ (result.items[index]);
		const at = `item ${index} (${kindOf(index)})`;
		const paired = /** @type {{ item?: number }} */ (item.pairedItem);
		if (paired?.item !== index) problem(`${at}: pairedItem ${JSON.stringify(item.pairedItem)}`);
		const taskId = typeof item.json.taskId === 'string' ? item.json.taskId : undefined;
		const task = taskId ? tasks.get(taskId) : undefined;
		if (taskId && hooks.byTask.get(taskId)?.index !== index) problem(`${at}: carries task ${taskId} of another item`);
		if (taskId && task?.input.target_image !== input[index].json.target) problem(`${at}: task ${taskId} has another target`);
		if (tasksPerItem[index] === 1 && !taskId) problem(`${at}: created a task but its output names none`);

		if (item.json.error === undefined) {
			count('succeeded');
			if (kindOf(index) === 'noface') problem(`${at}: succeeded`);
			// The Wait Timeout bounds the polls and their retries: a task that outlasts it is never returned.
			if (kindOf(index) === 'long') problem(`${at}: succeeded although its task outlasts the Wait Timeout`);
			if (item.json.status !== 'completed' || !task?.resultBytes) {
				problem(`${at}: no error, but status ${String(item.json.status)}`);
				continue;
			}
			const bytes = await harness.readBinary(item, 'data');
			resultBytes += bytes.length;
			if (!bytes.equals(task.resultBytes)) problem(`${at}: ${bytes.length} bytes differ from the simulator's ${task.resultBytes.length}`);
			continue;
		}
		const message = String(item.json.error);
		const failure = FAILURES.find(({ pattern }) => pattern.test(message));
		if (!failure) {
			problem(`${at}: unexpected failure "${message}"`);
			count(`other: ${message.slice(0, 60)}`);
			continue;
		}
		const afterCreation = failure.task || tasksPerItem[index] > 0;
		count(failure.task ? `${failure.name} (${kindOf(index)} item)` : `${afterCreation ? 'polling gave up' : 'creation failed'}: ${failure.name}`);
		if (afterCreation && !taskId) problem(`${at}: "${message}" without the task ID`);
		// A face-less task fails at once; only polls that kept being refused until the Wait Timeout can hide that.
		if (kindOf(index) === 'noface' && failure.task && !['no face found (failed task)', 'timed out'].includes(failure.name)) {
			problem(`${at}: ${message}`);
		}
		if (kindOf(index) === 'long' && failure.task && failure.name !== 'timed out') problem(`${at}: ${message}`);
	}
	const tasksCreated = tasks.size;
	const averageResultBytes = Math.round(resultBytes / Math.max(1, outcomes.succeeded ?? 0));
	return { problems, outcomes, duplicates, tasksCreated, webhookDeliveries: hooks.deliveries(), averageResultBytes };
}

async function main() {
	if (!globalThis.gc) console.warn('(run with node --expose-gc for the memory check: npm run soak does)');
	console.log(`Soak: ${ITEMS} items, seed ${SEED}, Wait Timeout ${WAIT_TIMEOUT_S} s`);
	// Warm-up: loads the package and n8n's engine, so the baseline includes them.
	const warm = await soakRun(40, { faults: false });
	if (warm.problems.length) throw new Error(`warm-up: ${warm.problems.join('; ')}`);
	const baseline = await heapAfterGc();

	const run = await soakRun(ITEMS, { faults: true });
	const after = await heapAfterGc();
	const heapGrowth = after.heapUsed - baseline.heapUsed;
	if (globalThis.gc && heapGrowth > HEAP_SLACK_BYTES) {
		run.problems.push(`heap grew by ${(heapGrowth / 1048576).toFixed(1)} MB (allowed ${HEAP_SLACK_BYTES / 1048576} MB)`);
	}
	// Buffers (images in transit) live outside the heap.
	const externalGrowth = after.external - baseline.external;
	if (globalThis.gc && externalGrowth > EXTERNAL_SLACK_BYTES) {
		run.problems.push(`external memory grew by ${(externalGrowth / 1048576).toFixed(1)} MB (allowed ${EXTERNAL_SLACK_BYTES / 1048576} MB)`);
	}
	if (run.simulator.deref() !== undefined) run.problems.push('the stopped simulator is still referenced (a socket, timer or request kept open?)');

	const faults = run.counters.faultsInjected;
	const mb = (/** @type {number} */ bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
	const report = {
		items: ITEMS,
		seconds: Number((run.wallMs / 1000).toFixed(1)),
		faultsInjected: { total: Object.values(faults).reduce((a, b) => a + b, 0), ...faults },
		faultsByRoute: run.faultsByRoute,
		outcomes: run.outcomes,
		averageResultBytes: run.averageResultBytes,
		tasksCreated: run.tasksCreated,
		itemsThatCreatedTwoTasks: run.duplicates,
		webhookDeliveries: run.webhookDeliveries,
		requests: { total: run.counters.requests, creates: run.counters.tasksCreated, polls: run.counters.polls, downloads: run.counters.resultDownloads },
		memory: {
			heapBaseline: mb(baseline.heapUsed),
			heapAfter: mb(after.heapUsed),
			heapGrowth: mb(heapGrowth),
			externalBaseline: mb(baseline.external),
			externalAfter: mb(after.external),
			// Nothing of the node (a socket, a timer, a pending request) still holds the stopped simulator and its results.
			simulatorReleased: run.simulator.deref() === undefined,
			rssBaseline: mb(baseline.rss),
			rssAfter: mb(after.rss),
		},
	};
	console.log(JSON.stringify(report, null, 2));
	await harness.shutdown();
	if (run.problems.length || run.duplicates) {
		console.error(`FAIL:\n- ${run.problems.join('\n- ')}`);
		process.exitCode = 1;
	} else {
		console.log('PASS');
	}
}

main().catch((error) => {
	console.error(error instanceof Error ? error.stack : error);
	process.exitCode = 1;
});
