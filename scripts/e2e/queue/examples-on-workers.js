// @ts-check
// Check 1: every example that runs on its own (role 'execute') runs in queue mode on a worker — started as the editor
// starts it (POST /rest/workflows/:id/run; OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS sends manual runs to the queue), all
// at once — with the same expectations as in `n8n start` (execution-checks.js), binaries read back from n8n's
// binary_data table byte for byte.
const { checkExecution } = require('../execution-checks');
const { check, info } = require('../report');
const { binaryIdsOf, databaseBinaries, workersByExecution } = require('./executions');

/**
 * @param {{ examples: import('../examples').Example[], cluster: any, reader: ReturnType<typeof import('./executions').executionReader>,
 *   simulator: import('../../../simulator').Simulator, postgres: { query: (text: string, values?: unknown[]) => Promise<any[]> } }} options
 * @returns {Promise<{ examples: number, byWorker: Record<string, number> }>}
 */
async function checkExamplesOnWorkers({ examples, cluster, reader, simulator, postgres }) {
	const runnable = examples.filter(({ role }) => role === 'execute');
	const started = await Promise.all(
		runnable.map(async (example) => {
			const manual = example.workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
			const { executionId } = await cluster.server.rest.call('POST', `/rest/workflows/${example.workflowId}/run`, {
				triggerToStartFrom: { name: manual?.name },
			});
			return { example, executionId: String(executionId) };
		}),
	);
	/** @type {Record<string, number>} */
	const byWorker = {};
	for (const { example, executionId } of started) {
		const execution = await reader.finished(executionId);
		const bytes = await databaseBinaries(postgres, binaryIdsOf(execution.data));
		checkExecution({ example, result: execution, simulator, store: { mode: 'database', bytes } });
		const workers = workersByExecution(cluster.workers).get(executionId) ?? [];
		check(workers.length === 1, `${example.name}: execution ${executionId} ran on one worker (${workers.join(', ')})`, `started by: ${workers.join(', ') || 'no worker'}`);
		byWorker[workers[0]] = (byWorker[workers[0]] ?? 0) + 1;
	}
	info(`executions per worker: ${JSON.stringify(byWorker)}`);
	return { examples: runnable.length, byWorker };
}

module.exports = { checkExamplesOnWorkers };
