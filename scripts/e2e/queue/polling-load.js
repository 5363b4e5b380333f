// @ts-check
// Check 2: many executions at once, polling mode. 40 executions started together through a production webhook (the
// proxy, both webhook processes), 1–5 items each, run by the two workers (10 executions at a time each) against an
// account limit of 10 tasks; 2 s ± 20 % tasks. Every execution succeeds, one task per item and none created twice,
// every result byte for byte from the database and paired with its input item. Figures: wall ÷ ideal (the shortest
// schedule of the run's own tasks in the account's slots, as in BENCHMARKS.md) and the longest wait of an item
// (its task's creation → its end, which Wait Timeout bounds).
const { fifoScheduleMs, idealMs } = require('../../../bench/schedule');
const { itemsOf, waitFor } = require('../callback-pair');
const { checkStoredBinary } = require('../execution-checks');
const { check, info } = require('../report');
const { databaseBinaries, workersByExecution } = require('./executions');
const { startBatch } = require('./workflows');

const DEFAULT_WAIT_TIMEOUT_MS = 300_000; // Swap Faces' default Wait Timeout, which the workflow keeps

/**
 * @param {{ cluster: any, reader: ReturnType<typeof import('./executions').executionReader>, simulator: import('../../../simulator').Simulator,
 *   proxy: { url: string }, postgres: { query: (text: string, values?: unknown[]) => Promise<any[]> }, workflowId: string, path: string,
 *   executions: number, accountLimit: number }} options
 */
async function checkPollingLoad({ cluster, reader, simulator, proxy, postgres, workflowId, path, executions: count, accountLimit }) {
	simulator.configure({ processingMs: 2000, jitter: 0.2, seed: 12 });
	const sizes = Array.from({ length: count }, (_, n) => (n % 5) + 1);
	const tasksBefore = new Set(simulator.tasks().map((task) => task.id));
	try {
		const began = Date.now();
		const answers = await Promise.all(sizes.map((size, n) => startBatch({ proxyUrl: proxy.url, path, simulatorUrl: simulator.url, count: size, tag: `load-${n}` })));
		check(answers.every(({ status }) => status === 200), `${count} executions started together through the proxy (${sizes.reduce((a, b) => a + b, 0)} items)`, answers.map(({ status }) => status).join(','));
		/** @type {{ id: string, status: string }[]} */
		let listed = [];
		await waitFor(
			async () => (listed = await reader.list(workflowId)).length >= count && listed.every(({ status }) => !['new', 'running'].includes(status)),
			300_000,
			`the ${count} executions finish`,
		);
		const stored = await Promise.all(listed.map(({ id }) => reader.finished(id)));
		const wallMs = Math.max(...stored.map((execution) => Date.parse(execution.stoppedAt))) - began;
		const runTasks = simulator.tasks().filter((task) => !tasksBefore.has(task.id));
		/** @type {string[]} */
		const itemTaskIds = [];
		for (const execution of stored) {
			const runData = execution.data.resultData?.runData ?? {};
			const inputs = itemsOf(runData, 'One Item per Image');
			const outputs = itemsOf(runData, 'Swap Faces');
			check(execution.status === 'success' && outputs.length === inputs.length && inputs.length >= 1, `execution ${execution.id}: success, ${outputs.length} results for ${inputs.length} items`, `${execution.status}, ${outputs.length} of ${inputs.length}`);
			const bytes = await databaseBinaries(postgres, outputs.map((item) => String(item.binary?.data?.id ?? '')));
			outputs.forEach((item, index) => {
				const paired = /** @type {any} */ (item).pairedItem;
				check((Array.isArray(paired) ? paired[0]?.item : paired?.item) === index, `execution ${execution.id}, item ${index}: paired with input item ${index}`, JSON.stringify(paired));
				const task = simulator.task(String(item.json.taskId));
				check(task?.status === 'completed', `execution ${execution.id}, item ${index}: task ${item.json.taskId} completed`);
				checkStoredBinary({ label: `execution ${execution.id}, item ${index}`, binary: item.binary?.data ?? {}, task: /** @type {NonNullable<typeof task>} */ (task), store: { mode: 'database', bytes } });
				itemTaskIds.push(String(item.json.taskId));
			});
		}
		const items = sizes.reduce((a, b) => a + b, 0);
		check(itemTaskIds.length === items && new Set(itemTaskIds).size === items && runTasks.length === items, `one task per item, none created twice: ${items} items, ${runTasks.length} tasks created`, `${itemTaskIds.length} results, ${new Set(itemTaskIds).size} distinct tasks, ${runTasks.length} created`);
		const byWorker = workersByExecution(cluster.workers);
		const perWorker = countWorkers(stored.map(({ id }) => byWorker.get(id) ?? []));
		check(stored.every(({ id }) => (byWorker.get(id) ?? []).length === 1), `every execution ran on one worker (${JSON.stringify(perWorker)})`);

		const durationsMs = runTasks.map((task) => simulator.config().pendingMs + task.plannedProcessingMs);
		const waits = runTasks.map((task) => Number(task.endedAt) - task.createdAt);
		const figures = {
			executions: count,
			items,
			tasks: runTasks.length,
			accountLimit,
			wallMs,
			idealMs: idealMs(durationsMs, accountLimit),
			fifoMs: fifoScheduleMs(durationsMs, accountLimit),
			worstWaitMs: Math.max(...waits),
			worstStagedMs: Math.max(...runTasks.map((task) => Number(task.startedAt) - task.createdAt)),
			waitTimeoutMs: DEFAULT_WAIT_TIMEOUT_MS,
			perWorker,
			polls: runTasks.reduce((sum, task) => sum + task.polls, 0),
		};
		check(figures.worstWaitMs < DEFAULT_WAIT_TIMEOUT_MS, `no item came near Wait Timeout (longest wait ${(figures.worstWaitMs / 1000).toFixed(1)} s)`);
		info(JSON.stringify(figures));
		return figures;
	} finally {
		simulator.configure({ processingMs: 1500, jitter: 0 });
	}
}

/** @param {string[][]} workers per execution */
function countWorkers(workers) {
	/** @type {Record<string, number>} */
	const counts = {};
	for (const [name] of workers) counts[name ?? 'none'] = (counts[name ?? 'none'] ?? 0) + 1;
	return counts;
}

module.exports = { checkPollingLoad };
