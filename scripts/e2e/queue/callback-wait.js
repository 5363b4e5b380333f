// @ts-check
// Check 3: Wait Method "Until PiAPI Calls Back" under a burst in queue mode — the burst of `n8n start`
// (../callback-burst.js) across the cluster: the executions start through the proxy (a webhook process queues them and a
// worker runs Swap Faces up to the wait), PiAPI's callbacks go to the resume URL at the proxy, so a task's two deliveries
// may reach different webhook processes (round robin), and the node after Swap Faces counts the runs of each task.
// The account limit is lifted for it, so that its figures compare with those of one process.
const { burstWorkflow, checkCallbackBurst } = require('../callback-burst');

const WORKFLOW_ID = 'piapiQueueWfBurst01';

/**
 * @param {{ credential: { id: string, name: string }, simulator: import('../../../simulator').Simulator,
 *   counter: Awaited<ReturnType<typeof import('../callback-burst').startCounter>> }} options
 */
function callbackWaitBurst({ credential, simulator, counter }) {
	const workflow = burstWorkflow({ id: WORKFLOW_ID, credential, simulatorUrl: simulator.url, counterUrl: counter.url });
	return {
		workflow,
		/** @param {{ server: import('../n8n-server').N8nServer, proxyUrl: string }} cluster */
		async check({ server, proxyUrl }) {
			const { concurrency } = simulator.settings();
			simulator.configure({ concurrency: Infinity });
			try {
				return await checkCallbackBurst({ server, webhookBaseUrl: proxyUrl, simulator, workflowId: WORKFLOW_ID, counter });
			} finally {
				simulator.configure({ concurrency });
			}
		},
	};
}

module.exports = { callbackWaitBurst };
