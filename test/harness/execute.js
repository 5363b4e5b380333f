// @ts-check
// Runs a Workflow in n8n-core's real WorkflowExecute as a manual execution: processRunExecutionData with the start
// node on the execution stack, the vm expression engine, real HTTP. Cancelling works the way n8n's "stop
// execution" does: processRunExecutionData returns a PCancelable; cancel() aborts the AbortController whose
// signal every node sees as getExecutionCancelSignal() (and that n8n's HTTP helpers pass on to the request).
const { ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const { createRunExecutionData } = require('n8n-workflow');
const { createAdditionalData } = require('./additional-data');
const { ensureEngine } = require('./lifecycle');

/**
 * @typedef {import('n8n-workflow').Workflow} Workflow
 * @typedef {import('n8n-workflow').INode} INode
 * @typedef {import('n8n-workflow').IRun} IRun
 * @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData
 * @typedef {import('n8n-workflow').ExecutionError} ExecutionError
 */

let executionCount = 0;

/**
 * @param {object} options
 * @param {Workflow} options.workflow
 * @param {INode} options.startNode
 * @param {import('n8n-workflow').ICredentialsHelper} options.credentialsHelper
 * @param {import('n8n-workflow').IPinData} [options.pinData]
 * @param {AbortSignal} [options.signal] aborting it cancels the execution
 * @returns {Promise<{ run: IRun, status: import('n8n-workflow').ExecutionStatus }>} once the engine has finished
 *   (after a cancel: once the running node has returned). `status` is what n8n records for the execution: on a
 *   cancel, 'canceled' (the engine's own IRun may say 'error' if the node threw when it saw the signal).
 */
async function execute({ workflow, startNode, credentialsHelper, pinData, signal }) {
	await ensureEngine();
	const executionId = `harness-${++executionCount}`;
	/** @type {import('n8n-workflow').IWorkflowBase} */
	const workflowData = {
		id: workflow.id,
		name: workflow.name ?? 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings: workflow.settings,
	};
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	/** @type {import('n8n-workflow').ExecutionStatus | undefined} */
	let recorded;
	// n8n saves the execution from the first workflowExecuteAfter: the cancel handler fires it at once
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
		recorded ??= fullRunData.status;
	});
	const additionalData = createAdditionalData({ credentialsHelper, hooks, executionId, workflowId: workflow.id });
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }] },
		resultData: { pinData },
	});

	const running = new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const cancel = () => running.cancel();
	if (signal?.aborted) cancel();
	else signal?.addEventListener('abort', cancel, { once: true });
	try {
		const run = await running;
		return { run, status: recorded ?? run.status };
	} finally {
		signal?.removeEventListener('abort', cancel);
	}
}

/**
 * A node's last run: its outputs (main), first output, and error.
 * @param {IRun} run
 * @param {string} nodeName
 * @returns {{ outputs: INodeExecutionData[][], items: INodeExecutionData[], error: ExecutionError | undefined }}
 */
function nodeResult(run, nodeName) {
	const task = run.data.resultData.runData[nodeName]?.at(-1);
	const outputs = (task?.data?.main ?? []).map((output) => output ?? []);
	return { outputs, items: outputs[0] ?? [], error: task?.error };
}

module.exports = { execute, nodeResult };
