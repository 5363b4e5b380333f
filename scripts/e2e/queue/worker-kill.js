// @ts-check
// Check 4: a worker killed (SIGKILL, with its task runner) in the middle of a polling batch. What n8n does with that
// execution (n8n 2.41.1 runs its Bull queue with maxStalledCount 0: a job whose worker died is not run again, it fails
// once the stalled check sees its lock expired) and what becomes of its tasks at PiAPI (they run to their end, billed,
// and nobody collects them). Checked: no task is created twice, the execution does not stay 'running' for ever.
const { itemsOf, waitFor } = require('../callback-pair');
const { check, info } = require('../report');
const { workersByExecution } = require('./executions');
const { startBatch } = require('./workflows');

/**
 * @param {{ cluster: any, reader: ReturnType<typeof import('./executions').executionReader>, simulator: import('../../../simulator').Simulator,
 *   proxy: { url: string }, workflowId: string, path: string, items: number }} options
 */
async function checkWorkerKilled({ cluster, reader, simulator, proxy, workflowId, path, items }) {
	simulator.configure({ processingMs: 4000, jitter: 0 });
	const tasksBefore = new Set(simulator.tasks().map((task) => task.id));
	const executionsBefore = (await reader.list(workflowId)).length;
	try {
		const answer = await startBatch({ proxyUrl: proxy.url, path, simulatorUrl: simulator.url, count: items, tag: 'kill' });
		check(answer.status === 200, `a ${items}-item execution started through the proxy`);
		const newTasks = () => simulator.tasks().filter((task) => !tasksBefore.has(task.id));
		await waitFor(async () => newTasks().length >= 5, 60_000, 'the execution creates its first tasks');
		const [execution] = (await reader.list(workflowId)).slice(executionsBefore);
		const [workerName] = workersByExecution(cluster.workers).get(execution.id) ?? [];
		const worker = cluster.workers.find((/** @type {any} */ candidate) => candidate.name === workerName);
		check(Boolean(worker), `execution ${execution.id} runs on ${workerName}`);
		const createdAtKill = newTasks().length;
		process.kill(-worker.process.pid, 'SIGKILL');
		const killedAt = Date.now();
		await worker.process.exited;
		info(`SIGKILL to ${workerName} (pid ${worker.process.pid}) with ${createdAtKill} of ${items} tasks created`);

		/** @type {{ status: string }} */
		let now = { status: 'running' };
		await waitFor(async () => {
			now = (await reader.list(workflowId)).find(({ id }) => id === execution.id) ?? now;
			return !['new', 'running'].includes(now.status);
		}, 120_000, `n8n ends execution ${execution.id} of the killed worker`);
		const endedAfterMs = Date.now() - killedAt;
		// Its tasks at PiAPI: let them end, and make sure nothing created more.
		await waitFor(async () => newTasks().every((task) => task.endedAt !== null), 60_000, 'the tasks of the killed execution end at PiAPI');
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const tasks = newTasks();
		const stored = await reader.finished(execution.id).catch(() => undefined);
		const results = stored ? itemsOf(stored.data.resultData?.runData ?? {}, 'Swap Faces').length : 0;
		check(tasks.length === createdAtKill, `no task created after the kill (${tasks.length} tasks, all created before it): n8n did not run the execution again`, `${tasks.length} tasks, ${createdAtKill} at the kill`);
		const figures = {
			items,
			createdAtKill,
			tasks: tasks.length,
			completedAtPiapi: tasks.filter((task) => task.status === 'completed').length,
			status: now.status,
			endedAfterMs,
			results,
			executionsAfter: (await reader.list(workflowId)).length - executionsBefore,
		};
		info(JSON.stringify(figures));
		return figures;
	} finally {
		simulator.configure({ processingMs: 1500 });
	}
}

module.exports = { checkWorkerKilled };
