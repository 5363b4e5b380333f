// @ts-check
// One soak run: `items` items through n8n's real engine (the built package, Continue On Fail, binaries in filesystem
// mode) against a fresh simulator, with faults armed all through the run; returns what the checks need.
const http = require('node:http');
const { startSimulator } = require('../../simulator');
const { createPrng } = require('../../simulator/prng');
const harness = require('../../test/harness');
const { SETTINGS, FAULTS, kindOf } = require('./settings');
const { checkRun } = require('./check');

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

/** Each item sends its own image URLs (the simulator counts creations per item by them). */
/** @param {number} items */
const swapParameters = (items) => ({
	operation: 'swapFaces',
	api: 'unified',
	targetImageSource: 'url',
	targetImageUrl: '={{ $json.target }}',
	swapImageSource: 'url',
	swapImageUrl: '={{ $json.swap }}',
	waitForCompletion: true,
	output: 'binary',
	options: {
		webhookUrl: '={{ $json.hook }}',
		waitTimeout: SETTINGS.waitTimeoutS,
		pollIntervalMin: 0.2,
		pollIntervalMax: 1,
		// The soak may send more items than the default Max Tasks per Execution: it means to send them all.
		maxTasksPerExecution: Math.max(items, 1),
	},
});

/**
 * Deals the choices one at a time in a shuffled order, reshuffling once all have been dealt.
 * @template T @param {T[]} choices @param {() => number} random @returns {() => T}
 */
function dealer(choices, random) {
	/** @type {T[]} */
	let deck = [];
	return () => {
		if (deck.length === 0) {
			deck = [...choices];
			for (let i = deck.length - 1; i > 0; i--) {
				const j = Math.floor(random() * (i + 1));
				[deck[i], deck[j]] = [deck[j], deck[i]];
			}
		}
		return /** @type {T} */ (deck.pop());
	};
}

/**
 * @param {number} items
 * @param {{ faults: boolean, seed: number }} options
 */
async function soakRun(items, { faults, seed }) {
	const hooks = await startWebhookReceiver();
	const sim = await startSimulator({
		port: 0,
		apiKeys: [SETTINGS.apiKey],
		pendingMs: SETTINGS.pendingMs,
		processingMs: SETTINGS.processingMs,
		jitter: SETTINGS.jitter,
		seed,
		duplicateWebhooks: true,
		requestLogLimit: 10,
		plan: (task) => (String(task.input.target_image).endsWith('.webp') ? { processingMs: SETTINGS.longTaskMs } : undefined),
	});
	const sample = { normal: 'target.jpg', noface: 'noface.png', long: 'target.webp' };
	const input = Array.from({ length: items }, (_, index) => ({
		json: {
			index,
			target: sim.sampleUrl(sample[kindOf(index)], `item-${index}`),
			swap: sim.sampleUrl('swap.png', `item-${index}`),
			hook: hooks.url(index),
		},
	}));

	// Faults all through the run: every faultEveryMs, each of the three routes gets one armed fault unless its previous
	// one is still waiting for a request. Each route deals its kinds from a deck shuffled by a seeded PRNG, so a short
	// run still meets every kind (a fresh draw each time could miss one).
	const random = createPrng(seed);
	const decks = {
		create: dealer(FAULTS.filter(([route]) => route === 'create'), random),
		get: dealer(FAULTS.filter(([route]) => route === 'get'), random),
		result: dealer(FAULTS.filter(([route]) => route === 'result'), random),
	};
	/** @type {Record<string, number>} faults armed, by "route kind" (those still armed at the end are taken off below) */
	const armed = {};
	const arm = () => {
		const waiting = new Set(sim.faults().map((fault) => fault.route));
		for (const route of /** @type {const} */ (['create', 'get', 'result'])) {
			if (waiting.has(route)) continue;
			const [, kind, extra] = decks[route]();
			sim.injectFault({ route, kind, ...extra });
			armed[`${route} ${kind}`] = (armed[`${route} ${kind}`] ?? 0) + 1;
		}
	};
	const armer = faults ? setInterval(arm, SETTINGS.faultEveryMs) : undefined;

	const startedAt = Date.now();
	const result = await harness.runNode({
		parameters: swapParameters(items),
		input,
		credentials: { apiKey: SETTINGS.apiKey, baseUrl: sim.url },
		binaryMode: 'filesystem',
		continueOnFail: true,
	});
	const wallMs = Date.now() - startedAt;
	clearInterval(armer);
	for (const fault of sim.faults()) armed[`${fault.route} ${fault.kind}`] -= fault.remaining;
	sim.clearFaults();

	// Tasks that outlived the timeout are still running: wait for them (and for their webhooks) before counting.
	await harness.waitUntil(() => sim.tasks().every((task) => ['completed', 'failed', 'cancelled'].includes(task.status)), {
		what: 'every task to finish',
		timeoutMs: SETTINGS.longTaskMs + 15_000,
	});
	await harness.waitUntil(() => hooks.deliveries() >= 2 * sim.tasks().length, { what: 'every webhook', timeoutMs: 10_000 });

	const check = await checkRun({ items, input, result, sim, hooks });
	const counters = sim.counters();
	await sim.stop();
	await hooks.stop();
	return { wallMs, counters, faultsByRoute: armed, simulator: new WeakRef(sim), ...check };
}

module.exports = { soakRun };
