// @ts-check
// Check 6: Wait Method "Until PiAPI Calls Back" (examples/07) in queue mode, with a single worker of concurrency 1 (the
// other workers stopped first). While PiAPI works, the execution is stored as `waiting` and holds no slot of that worker:
// examples/01 (polling) runs from start to end on the same worker before the waiting execution's task ends — were the
// slot held (as polling holds it), it could only start after. PiAPI then calls the resume URL, built on N8N_WEBHOOK_URL:
// the proxy, so a webhook process runs the node's webhook() (main serves no /webhook-waiting/ with
// N8N_DISABLE_PRODUCTION_MAIN_PROCESS, n8n's abstract-server.js) and queues the rest of the execution (manual runs too,
// with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS; workflow-runner.js); the worker resumes it, the result from the database
// byte for byte, the task never polled.
const { readFileSync } = require('node:fs');
const { itemsOf, waitFor } = require('../callback-pair');
const { checkExecution, checkStoredBinary } = require('../execution-checks');
const { PIAPI_NODE_TYPE } = require('../examples');
const { E2eFailure, check, info } = require('../report');
const { binaryIdsOf, databaseBinaries, workersByExecution } = require('./executions');

// The waiting execution's task: long enough for the other example to run meanwhile on a busy machine.
const WAITING_TASK_MS = 20_000;
const SOLO = 'worker-solo';

/**
 * @param {{ cluster: any, reader: ReturnType<typeof import('./executions').executionReader>, examples: import('../examples').Example[],
 *   simulator: import('../../../simulator').Simulator, proxy: Awaited<ReturnType<typeof import('./proxy').startProxy>>,
 *   postgres: { query: (text: string, values?: unknown[]) => Promise<any[]> } }} options
 */
async function checkWaitingHoldsNoSlot({ cluster, reader, examples, simulator, proxy, postgres }) {
	const waiting = examples.find(({ role }) => role === 'wait');
	const other = examples.find(({ name }) => name.startsWith('01-'));
	if (!waiting || !other) throw new E2eFailure('needs the waiting example (07) and examples/01');
	const swap = /** @type {import('../examples').WorkflowNode} */ (waiting.workflow.nodes.find((node) => node.type === PIAPI_NODE_TYPE));

	for (const worker of cluster.workers) await worker.process.stop();
	const solo = await cluster.addWorker(SOLO, ['--concurrency=1']);
	const concurrency = Number(/\* Concurrency: (\d+)/.exec(readFileSync(solo.process.outFile, 'utf8'))?.[1]); // as the worker logs it
	const running = cluster.workers.filter((/** @type {any} */ worker) => worker.process.running()).map((/** @type {any} */ worker) => worker.name);
	check(concurrency === 1 && running.join() === SOLO, `${SOLO} is the only worker left, with concurrency 1`, `running: ${running.join(', ')}; concurrency ${concurrency}`);
	const startsOn = (/** @type {string} */ id) => workersByExecution([solo]).get(id)?.length ?? 0;

	const { processingMs, jitter } = simulator.config();
	try {
		simulator.configure({ processingMs: WAITING_TASK_MS, jitter: 0 });
		const tasksBefore = simulator.tasks().length;
		const a = await run(cluster, waiting);
		const statusNow = async () => (await reader.list(waiting.workflowId)).find(({ id }) => id === a)?.status;
		await waitFor(async () => simulator.tasks().length > tasksBefore && startsOn(a) === 1, 60_000, `execution ${a} starts on ${SOLO} and creates its task`);
		const task = simulator.tasks()[tasksBefore];
		simulator.configure({ processingMs });

		// While A's task works: B on the same worker, to its end.
		const b = await run(cluster, other);
		const finishedB = await reader.finished(b, WAITING_TASK_MS + 120_000);
		const endOfB = Date.parse(finishedB.stoppedAt);
		const endOfTask = simulator.task(task.id)?.endedAt ?? null; // null: still at PiAPI
		check(
			startsOn(b) === 1 && (endOfTask === null || endOfB < endOfTask),
			`examples/01 (execution ${b}) ran to its end on ${SOLO} while PiAPI still worked on execution ${a}'s task: the waiting execution holds no slot`,
			`execution ${b} started ${startsOn(b)} time(s) on ${SOLO} and ended ${endOfTask === null ? '?' : ((endOfB - endOfTask) / 1000).toFixed(1)} s after that task ended: it waited for the slot`,
		);
		const statusOfA = await statusNow();
		check(statusOfA === 'waiting', `meanwhile execution ${a} is stored as waiting`, String(statusOfA));
		const bytesOfB = await databaseBinaries(postgres, binaryIdsOf(finishedB.data));
		checkExecution({ example: other, result: finishedB, simulator, store: { mode: 'database', bytes: bytesOfB } });

		const endpoint = String(task.webhookEndpoint);
		check(endpoint.startsWith(`${proxy.url}/webhook-waiting/${a}?signature=`), 'PiAPI was given the resume URL at the proxy (N8N_WEBHOOK_URL), with its signature', endpoint);
		const wrong = await fetch(endpoint, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-webhook-secret': 'not-the-secret' },
			body: JSON.stringify({ timestamp: 0, data: { task_id: task.id, status: 'completed', output: {} } }),
		});
		check(wrong.status === 401, 'a callback with a wrong secret, through the proxy, is refused with 401', String(wrong.status));

		// A waiting execution has a stoppedAt too (reader.finished would take it for ended): first its resume, then its end.
		await waitFor(async () => (await statusNow()) !== 'waiting', WAITING_TASK_MS + 60_000, `PiAPI's callback resumes execution ${a}`);
		const finishedA = await reader.finished(a);
		const resumes = proxy.answered().filter((answer) => answer.path.startsWith(`/webhook-waiting/${a}?`) && answer.status === 200);
		const resumedBy = cluster.webhooks.find((/** @type {any} */ w) => w.port === resumes.at(-1)?.port)?.name;
		check(Boolean(resumedBy), `PiAPI's callback reached a webhook process through the proxy (${resumedBy}), answered 200`, JSON.stringify(proxy.answered().filter((answer) => answer.path.includes(`/webhook-waiting/${a}`)).map(({ port, status }) => ({ port, status }))));
		check(startsOn(a) === 2, `execution ${a} ran twice on ${SOLO}: up to the wait, then resumed`, `${startsOn(a)} start(s)`);
		const items = itemsOf(finishedA.data.resultData?.runData ?? {}, swap.name).slice(-1);
		const final = simulator.task(task.id);
		check(finishedA.status === 'success' && items[0]?.json.taskId === task.id && items[0]?.json.status === 'completed', `execution ${a} ends in success with task ${task.id}, completed`, `${finishedA.status}: ${JSON.stringify(items[0]?.json ?? {}).slice(0, 300)}`);
		check(final?.polls === 0, `task ${task.id} was never polled`, `${final?.polls} polls`);
		const bytesOfA = await databaseBinaries(postgres, binaryIdsOf(finishedA.data));
		checkStoredBinary({ label: `${waiting.name} › ${swap.name} binary "data"`, binary: items[0].binary?.data ?? {}, task: /** @type {NonNullable<typeof final>} */ (final), store: { mode: 'database', bytes: bytesOfA } });

		const figures = {
			worker: SOLO,
			concurrency,
			taskMs: Number(final?.endedAt) - Number(final?.createdAt),
			otherEndedBeforeTaskMs: Number(final?.endedAt) - endOfB,
			resumedBy,
			taskEndToFinishMs: Date.parse(finishedA.stoppedAt) - Number(final?.endedAt),
			polls: final?.polls ?? null,
			callbacks: final?.webhooksSent ?? null,
		};
		info(JSON.stringify(figures));
		return figures;
	} finally {
		simulator.configure({ processingMs, jitter });
	}
}

/** Starts an example as the editor does; manual runs go to the workers here. @param {any} cluster @param {import('../examples').Example} example */
async function run(cluster, example) {
	const manual = example.workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	const { executionId } = await cluster.server.rest.call('POST', `/rest/workflows/${example.workflowId}/run`, { triggerToStartFrom: { name: manual?.name } });
	return String(executionId);
}

module.exports = { checkWaitingHoldsNoSlot };
