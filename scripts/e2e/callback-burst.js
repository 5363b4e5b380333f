// @ts-check
// Wait Method "Until PiAPI Calls Back" under a burst, in `n8n start` (and in queue mode, queue/callback-wait.js):
// executions started through a production webhook,
// several at a time; the simulator delivers every final callback twice (both at once, or the copy a retry delay later,
// alternating per task); a node after Swap Faces reports each execution's item to a counter here. Two passes, as PiAPI's
// retry of a refused delivery is not published: with retries, every execution must put out its task's final status;
// without, an execution whose callbacks n8n refused (409, while it is not yet stored as waiting) must end at its Wait
// Timeout naming the task. In both, one task per execution and no task runs the node after Swap Faces twice. Measured:
// the window from a task's creation to its execution being stored as waiting, and what n8n answered to the deliveries.
const http = require('node:http');
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { placeSection } = require('../../bench/sections');
const { REPO_DIR } = require('./community-package');
const { PIAPI_NODE_TYPE } = require('./examples');
const { N8N_VERSION } = require('./n8n-install');
const { listExecutions, waitFor } = require('./callback-pair');
const { check, info } = require('./report');
const { summary } = require('./summary');

const PATH = 'piapi-e2e-callback-burst';
const EXECUTIONS = 40;
const AT_ONCE = 10;
const PROCESSING_MS = 2000;
/** Tasks that fail this soon after their creation (the simulator's no-face sample, no pending time). */
const FAST_FAILURES = 10;
const FAST_FAILURE_MS = 50;
/** PiAPI-style retries of a refused delivery, in the pass that has them. */
const RETRIES = 3;
const RETRY_DELAY_MS = 2000;
const WAIT_TIMEOUT_S = 20;

/** @param {{ id: string, credential: { id: string, name: string }, simulatorUrl: string, counterUrl: string }} options */
function burstWorkflow({ id, credential, simulatorUrl, counterUrl }) {
	const node = (/** @type {number} */ n) => `b0b5e2e0-0000-4000-8000-00000000000${n}`;
	return {
		id,
		name: 'Callback burst [e2e]',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: node(1),
				name: 'Start',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: node(9),
				parameters: { httpMethod: 'POST', path: PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: node(2),
				name: 'Swap Faces',
				type: PIAPI_NODE_TYPE,
				typeVersion: 1,
				position: [240, 0],
				onError: 'continueRegularOutput',
				credentials: { piApi: { ...credential } },
				parameters: {
					operation: 'swapFaces',
					targetImageUrl: `={{ $json.body.target ?? "${simulatorUrl}/samples/target.jpg" }}`,
					swapImageUrl: `${simulatorUrl}/samples/swap.png`,
					waitMethod: 'callback',
					options: { waitTimeout: WAIT_TIMEOUT_S },
				},
			},
			{
				id: node(3),
				name: 'Count',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [480, 0],
				parameters: {
					method: 'POST',
					url: counterUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						'={{ JSON.stringify({ tag: $("Start").first().json.body.tag, taskId: $json.taskId, status: $json.status, error: $json.error ?? null }) }}',
					options: {},
				},
			},
		],
		connections: {
			Start: { main: [[{ node: 'Swap Faces', type: 'main', index: 0 }]] },
			'Swap Faces': { main: [[{ node: 'Count', type: 'main', index: 0 }]] },
		},
	};
}

/** The counter the workflow's last node posts to: every arrival, in order. */
async function startCounter() {
	/** @type {{ tag: string, taskId?: string, status?: string, error?: string | null }[]} */
	const arrivals = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			try {
				arrivals.push(JSON.parse(body));
			} catch {
				arrivals.push({ tag: 'unreadable', error: body });
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return { url: `http://127.0.0.1:${address.port}/count`, arrivals, stop: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Starts `count` executions, `atOnce` requests at a time, and measures for each task the time from its creation at the
 * simulator to its execution first listed as waiting (polled).
 * @param {object} options
 * @param {import('./n8n-server').N8nServer} options.server lists the executions (REST)
 * @param {string} options.webhookBaseUrl where production webhooks are served
 * @param {import('../../simulator').Simulator} options.simulator
 * @param {string} options.workflowId
 * @param {string} options.round names this round's tags
 * @param {number} options.count
 * @param {number} options.atOnce
 * @param {string} [options.target] the target image's URL, when not the workflow's
 */
async function startRound({ server, webhookBaseUrl, simulator, workflowId, round, count, atOnce, target }) {
	const before = new Set(simulator.tasks().map((task) => task.id));
	/** @type {Map<string, number>} execution id → when it was first seen waiting */
	const seenWaiting = new Map();
	let polling = true;
	const poller = (async () => {
		while (polling) {
			for (const execution of await listExecutions(server, workflowId)) {
				if (execution.status === 'waiting' && !seenWaiting.has(String(execution.id))) seenWaiting.set(String(execution.id), Date.now());
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	})();
	const tags = Array.from({ length: count }, (_, n) => `${round}-${n}`);
	for (let next = 0; next < tags.length; next += atOnce) {
		await Promise.all(
			tags.slice(next, next + atOnce).map(async (tag) => {
				const response = await fetch(`${webhookBaseUrl}/webhook/${PATH}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ tag, target }),
				});
				check(response.ok, `execution ${tag} started by the production webhook`, `HTTP ${response.status}`);
			}),
		);
	}
	const tasks = () => simulator.tasks().filter((task) => !before.has(task.id));
	await waitFor(async () => tasks().length >= count && tasks().every((task) => task.endedAt !== null), 120_000, `${count} tasks created and ended`);
	polling = false;
	await poller;
	const windows = tasks().flatMap((task) => {
		const executionId = /\/webhook-waiting\/([^/?]+)/.exec(String(task.webhookEndpoint))?.[1];
		const waitingAt = executionId ? seenWaiting.get(executionId) : undefined;
		return waitingAt === undefined ? [] : [waitingAt - task.createdAt];
	});
	return { tags, tasks: tasks(), windows };
}

/**
 * One pass: one execution alone, a burst, and fast failures, with PiAPI retrying a refused delivery `retries` times
 * (RETRY_DELAY_MS apart) or not at all.
 * @param {object} options
 * @param {import('./n8n-server').N8nServer} options.server
 * @param {string} options.webhookBaseUrl
 * @param {import('../../simulator').Simulator} options.simulator
 * @param {string} options.workflowId
 * @param {Awaited<ReturnType<typeof startCounter>>} options.counter
 * @param {number} options.retries
 */
async function burstPass({ server, webhookBaseUrl, simulator, workflowId, counter, retries }) {
	const pass = retries ? 'retried' : 'once';
	simulator.configure({ pendingMs: 300, processingMs: PROCESSING_MS, webhookRetries: retries });
	const countersBefore = simulator.counters();
	const single = await startRound({ server, webhookBaseUrl, simulator, workflowId, round: `${pass}-one`, count: 1, atOnce: 1 });
	const burst = await startRound({ server, webhookBaseUrl, simulator, workflowId, round: `${pass}-burst`, count: EXECUTIONS, atOnce: AT_ONCE });
	simulator.configure({ pendingMs: 0, processingMs: FAST_FAILURE_MS });
	const target = `${simulator.url}/samples/noface.png`;
	const fast = await startRound({ server, webhookBaseUrl, simulator, workflowId, round: `${pass}-fail-fast`, count: FAST_FAILURES, atOnce: FAST_FAILURES, target });
	const tags = [...single.tags, ...burst.tags, ...fast.tags];
	const tasks = [...single.tasks, ...burst.tasks, ...fast.tasks];
	const arrivalsOf = (/** @type {string} */ tag) => counter.arrivals.filter((arrival) => arrival.tag === tag);
	// An execution whose callbacks were refused ends at its Wait Timeout, which n8n's WaitTracker notices on its next
	// check (every 60 s): up to a minute late.
	const deadlineMs = (Math.max(WAIT_TIMEOUT_S, 60) + 30) * 1000;
	await waitFor(async () => tags.every((tag) => arrivalsOf(tag).length > 0), deadlineMs, `every execution of the ${pass} pass reached the node after Swap Faces`);
	await new Promise((resolve) => setTimeout(resolve, (retries + 1) * RETRY_DELAY_MS));

	check(tasks.length === tags.length, `${pass}: one task per execution (${tasks.length} tasks for ${tags.length} executions)`);
	const runsPerTask = new Map(tasks.map((task) => [task.id, 0]));
	for (const arrival of counter.arrivals) {
		if (arrival.taskId && runsPerTask.has(arrival.taskId)) runsPerTask.set(arrival.taskId, Number(runsPerTask.get(arrival.taskId)) + 1);
	}
	const twice = [...runsPerTask].filter(([, runs]) => runs > 1);
	check(twice.length === 0, `${pass}: no task ran the node after Swap Faces twice (${twice.length} did)`, twice.map(([id, runs]) => `${id}: ${runs}`).join(', '));
	// the task's final status: completed, or (fail-fast) PiAPI's no-face failure; else the Wait Timeout's item
	const final = (/** @type {typeof counter.arrivals[number]} */ arrival) =>
		arrival.tag.includes('-fail-fast-') ? /no face/.test(String(arrival.error)) : arrival.status === 'completed' && !arrival.error;
	const lost = tags.filter((tag) => !arrivalsOf(tag).some(final));
	const told = lost.filter((tag) =>
		arrivalsOf(tag).some((arrival) => /^No final callback for task /.test(String(arrival.error)) && Boolean(arrival.taskId)),
	);
	check(told.length === lost.length, `${pass}: an execution whose callbacks n8n refused ends at its Wait Timeout naming its task and saying no final callback reached it (${told.length} of ${lost.length})`, lost.filter((tag) => !told.includes(tag)).map((tag) => JSON.stringify(arrivalsOf(tag))).join('\n'));
	if (retries) {
		check(lost.length === 0, `${pass}: every execution put out its task's final status (completed; for the fail-fast round PiAPI's failure), none lost while PiAPI retries refused deliveries (${lost.length} lost)`, lost.map((tag) => JSON.stringify(arrivalsOf(tag))).join('\n'));
	}

	const ids = new Set(tasks.map((task) => task.id));
	const answerMs = simulator.webhookAnswers().filter((answer) => ids.has(answer.taskId)).map((answer) => answer.answerMs);
	const counters = simulator.counters();
	const delta = (/** @type {'webhooksSent' | 'webhooksAnsweredOther' | 'webhooksRetried'} */ name) =>
		Number(counters[name] ?? 0) - Number(countersBefore[name] ?? 0);
	const figures = {
		retries,
		executions: tags.length,
		windowOneMs: summary(single.windows),
		windowBurstMs: summary(burst.windows),
		deliveries: delta('webhooksSent'),
		answerMs: summary(answerMs),
		refused: delta('webhooksAnsweredOther'),
		retried: delta('webhooksRetried'),
		lostBurst: lost.filter((tag) => tag.includes('-burst-') || tag.includes('-one-')).length,
		lostFast: lost.filter((tag) => tag.includes('-fail-fast-')).length,
		twice: twice.length,
	};
	info(`${pass}: window task created → execution waiting: 1 execution ${JSON.stringify(figures.windowOneMs)} ms; ${EXECUTIONS} executions ${JSON.stringify(figures.windowBurstMs)} ms`);
	info(`${pass}: deliveries ${figures.deliveries} (answered in ${JSON.stringify(figures.answerMs)} ms), other than 2xx ${figures.refused}, retried ${figures.retried}, lost ${lost.length}`);
	return figures;
}

/**
 * Both passes, PiAPI retrying refused deliveries and not (its behaviour is not published).
 * @param {object} options
 * @param {import('./n8n-server').N8nServer} options.server lists the executions (REST)
 * @param {string} [options.webhookBaseUrl] where production webhooks are served (default: that server)
 * @param {import('../../simulator').Simulator} options.simulator
 * @param {string} options.workflowId
 * @param {Awaited<ReturnType<typeof startCounter>>} options.counter
 */
async function checkCallbackBurst(options) {
	const { simulator } = options;
	const passOptions = { ...options, webhookBaseUrl: options.webhookBaseUrl ?? options.server.baseUrl };
	const { pendingMs, processingMs, duplicateWebhooks, webhookRetries, webhookRetryDelayMs } = simulator.settings();
	simulator.configure({ duplicateWebhooks: 'mixed', webhookRetryDelayMs: RETRY_DELAY_MS });
	try {
		const retried = await burstPass({ ...passOptions, retries: RETRIES });
		const once = await burstPass({ ...passOptions, retries: 0 });
		return { atOnce: AT_ONCE, processingMs: PROCESSING_MS, fastFailureMs: FAST_FAILURE_MS, fastFailures: FAST_FAILURES, retryDelayMs: RETRY_DELAY_MS, waitTimeoutS: WAIT_TIMEOUT_S, passes: [retried, once] };
	} finally {
		simulator.configure({ pendingMs, processingMs, duplicateWebhooks, webhookRetries, webhookRetryDelayMs });
	}
}

/** Under a second in milliseconds, else in seconds: the window and fast failures are short, answers may be long. */
const ms = (/** @type {number} */ value) => (value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`);

/**
 * What the burst's passes measured, as a Markdown table and the sentences that say what it counts (shared by the
 * one-process and the queue-mode report).
 * @param {Awaited<ReturnType<typeof checkCallbackBurst>>} f
 */
function burstTable(f) {
	const row = (/** @type {typeof f.passes[number]} */ p) =>
		`| ${p.retries ? `${p.retries} times, ${ms(f.retryDelayMs)} apart` : 'never'} | ${p.executions} | ${ms(p.windowOneMs.max)} | ${ms(p.windowBurstMs.median)} / ${ms(p.windowBurstMs.p95)} / ${ms(p.windowBurstMs.max)} | ${p.deliveries} | ${ms(p.answerMs.median)} / ${ms(p.answerMs.p95)} / ${p.answerMs.over10s} | ${p.refused} | ${p.retried} | ${p.lostBurst} | ${p.lostFast} of ${f.fastFailures} | ${p.twice} |`;
	return [
		`Per pass: one execution alone, then ${f.passes[0].executions - 1 - f.fastFailures} started ${f.atOnce} at a time (tasks of ${ms(f.processingMs)} at the simulator), then ${f.fastFailures} together whose tasks fail ${ms(f.fastFailureMs)} after their creation. Every final callback is delivered twice (both at once, or the copy ${ms(f.retryDelayMs)} later, alternating per task); PiAPI's retry of a delivery n8n refused is not published, so one pass has it and one not.`,
		'',
		'*Window*: a task\'s creation → its execution first listed as waiting (polled every 50 ms); until then n8n answers a callback `409` (the execution is still running). *Lost*: executions that did not put out their task\'s final status (they end at Wait Timeout with "No final callback for task … reached this execution", the task ID, and Get Task collects the result). *n8n\'s answer*: a callback delivery sent → n8n\'s answer to it (with the result download the node makes before answering a final callback).',
		'',
		'| PiAPI retries a refused delivery | executions | window, alone | window under the burst: median / p95 / longest | deliveries | n8n\'s answer: median / p95 / over 10 s | answered other than 2xx | retries sent | lost (burst) | lost (fast failures) | tasks run twice after Swap Faces |',
		'|---|---|---|---|---|---|---|---|---|---|---|',
		...f.passes.map(row),
	];
}

/**
 * RELIABILITY.md's section of this check, between `<!-- callback-burst:start -->` and `<!-- callback-burst:end -->`:
 * every figure from the run's own results.
 * @param {Awaited<ReturnType<typeof checkCallbackBurst>>} f
 * @param {Awaited<ReturnType<typeof import('./trigger-burst').checkTriggerBurst>>} trigger
 * @param {string} [date]
 */
function writeBurstSection(f, trigger, date = new Date().toISOString()) {
	const answers = trigger.answerMs;
	const section = [
		'<!-- callback-burst:start -->',
		"## Waiting for PiAPI's callback under a burst (one n8n process)",
		'',
		`Written by \`PIAPI_E2E_REPORT=1 npm run test:e2e\` on ${date.slice(0, 16).replace('T', ' ')} UTC: n8n ${N8N_VERSION} (\`n8n start\`, SQLite), a workflow Webhook → Swap Faces (Wait Method *Until PiAPI Calls Back*, Wait Timeout ${f.waitTimeoutS} s) → HTTP Request to a counter. Same shared 2-core machine as above, so timings are indicative.`,
		'',
		...burstTable(f),
		'',
		`**The PiAPI Trigger under a burst** (examples/06, Download Result Image on; the same n8n process): one batch of ${trigger.tasks} tasks submitted with its Callback URL, tasks of ${ms(trigger.processingMs)}, every event delivered twice (both at once, or the copy ${ms(trigger.retryDelayMs)} later): ${trigger.executions} executions, ${trigger.twice} tasks with two, ${trigger.lost} lost. n8n's answer to the ${answers.n} deliveries: median ${ms(answers.median)}, p95 ${ms(answers.p95)}, longest ${ms(answers.max)}, ${answers.over10s} over 10 s (the trigger answers before it downloads the result).`,
		'<!-- callback-burst:end -->',
		'',
	].join('\n');
	const file = path.join(REPO_DIR, 'RELIABILITY.md');
	writeFileSync(file, placeSection(readFileSync(file, 'utf8'), 'callback-burst', section));
}

module.exports = { burstTable, burstWorkflow, checkCallbackBurst, startCounter, writeBurstSection };
