// @ts-check
// n8n's resume of a waiting execution, reproduced from the n8n CLI 2.41.1 (the code lives in the `n8n` package, not in
// n8n-core): WaitingWebhooks.executeWebhook / getWebhookExecutionData, WebhookHelpers.executeWebhook and
// prepareExecutionData, and WaitTracker.startExecution. Each step below names what it reproduces. Everything that
// runs the node is n8n-core's real code: WebhookContext for webhook(), WorkflowExecute for the resumed run.
// n8n 1.x's WaitingWebhooks does the same steps; its executions carry no resumeToken (it checks signatures of
// send-and-wait nodes only), so no token is checked for them here either.
const { WebhookContext, WorkflowExecute } = require('n8n-core');

/**
 * The execution as n8n's database holds it between calls: the run data serialised (nothing is shared in memory).
 * @typedef {object} StoredExecution
 * @property {string} id
 * @property {import('n8n-workflow').WorkflowExecuteMode} mode
 * @property {import('n8n-workflow').ExecutionStatus} status
 * @property {boolean} finished
 * @property {string} data JSON of IRunExecutionData
 */

/**
 * @typedef {object} ResumeDeps
 * @property {StoredExecution} stored
 * @property {() => import('n8n-workflow').Workflow} createWorkflow a fresh Workflow from the saved workflow data
 * @property {(httpRequest?: any, httpResponse?: any) => import('n8n-workflow').IWorkflowExecuteAdditionalData} additionalData
 * @property {(run: import('n8n-workflow').IRun) => void} saveRun what n8n does when the resumed run ends
 */

/**
 * One HTTP call to /webhook-waiting/<executionId>. Answers the request; resolves with whether it resumed the run.
 * @param {ResumeDeps} deps
 * @param {import('node:http').IncomingMessage & { body?: unknown, query?: Record<string, string>, params?: object }} req
 * @param {import('node:http').ServerResponse} res
 * @returns {Promise<{ resumed: boolean, run?: Promise<import('n8n-workflow').IRun> }>}
 */
async function resumeByWebhook(deps, req, res) {
	const { stored } = deps;
	if (!stored.data) return done(respond(res, 409, { message: `The execution "${stored.id}" is running already.` }));
	/** @type {import('n8n-workflow').IRunExecutionData} */
	const data = JSON.parse(stored.data); // findSingleExecution(includeData, unflattenData)
	// WaitingWebhooks.validateToken: 2.x executions carry a resumeToken, sent back as ?signature= (1.x has none).
	if (data.resumeToken) {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const token = (url.searchParams.get('signature') ?? '').split('/')[0];
		if (token.length !== data.resumeToken.length || token !== data.resumeToken) {
			return done(respond(res, 401, { error: 'Invalid token' }));
		}
	}
	// ConflictError (409) for a running, failed or finished execution.
	if (stored.status === 'running') return done(respond(res, 409, { message: `The execution "${stored.id}" is running already.` }));
	if (data.resultData.error) return done(respond(res, 409, { message: `The execution "${stored.id}" has finished with error.` }));
	if (stored.finished) return done(respond(res, 409, { message: `The execution "${stored.id} has finished already.` }));

	// getWebhookExecutionData: disableNode, waitTill cleared, the waiting run's data popped (preserveInputOverride).
	const lastNodeExecuted = /** @type {string} */ (data.resultData.lastNodeExecuted);
	const stack = /** @type {import('n8n-workflow').IExecuteData[]} */ (data.executionData?.nodeExecutionStack);
	stack[0].node.disabled = true;
	data.waitTill = undefined;
	data.resultData.runData[lastNodeExecuted].pop();
	const workflow = deps.createWorkflow();
	const node = /** @type {import('n8n-workflow').INode} */ (workflow.getNode(lastNodeExecuted));
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const description = nodeType.description.webhooks?.find(
		(webhook) => webhook.httpMethod === req.method && webhook.path === '' && webhook.restartWebhook === true,
	);
	if (!description || !nodeType.webhook) {
		return done(respond(res, 404, { message: 'The workflow does not contain a waiting webhook with a matching path/method.' }));
	}

	// WebhookHelpers.executeWebhook: the node's webhook() in n8n-core's WebhookContext, with the stored run data.
	const additionalData = deps.additionalData(req, res);
	/** @type {import('n8n-workflow').IWebhookData} */
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: '',
		webhookDescription: description,
		workflowId: /** @type {string} */ (workflow.id),
		workflowExecuteAdditionalData: additionalData,
	};
	const context = new WebhookContext(workflow, node, additionalData, stored.mode, webhookData, [], data);
	/** @type {import('n8n-workflow').IWebhookResponseData} */
	let result;
	// getWebhookExecutionData holds an isolate of the expression engine (2.x 'vm' engine) around the webhook call.
	const expression = /** @type {{ acquireIsolate?(): Promise<unknown>, releaseIsolate?(): Promise<unknown> }} */ (workflow.expression);
	await expression.acquireIsolate?.();
	try {
		result = await nodeType.webhook.call(/** @type {any} */ (context));
	} catch (error) {
		return done(respond(res, 500, { message: `Error in workflow: ${String(error)}` }));
	} finally {
		await expression.releaseIsolate?.();
	}
	// No workflowData: n8n answers and returns; the execution is not saved, so it stays waiting as it was.
	if (result.workflowData === undefined) {
		if (!result.noWebhookResponse && !res.writableEnded) {
			respond(res, 200, result.webhookResponse ?? { message: 'Webhook call received' });
		}
		return { resumed: false };
	}
	// prepareExecutionData: the waiting node's input becomes webhook()'s items (it is disabled, so passes them on).
	stack[0].data.main = result.workflowData;
	stack[0].metadata = { ...stack[0].metadata, forwardAllOutputs: true };
	// WorkflowRunner.run(…, { expectedStatus: 'waiting' }): only a waiting execution is taken over.
	if (stored.status !== 'waiting') return done(respond(res, 409, { message: 'The execution is not waiting' }));
	// WorkflowRunner builds its own Workflow from the execution's workflow data.
	const run = runResumed(deps, deps.createWorkflow(), data, additionalData);
	if (!result.noWebhookResponse && !res.writableEnded) respond(res, 200, { message: 'Workflow was started' });
	return { resumed: true, run };
}

/**
 * WaitTracker.startExecution at waitTill: the stored execution run again as it is; WorkflowExecute's
 * handleWaitingState then disables the waiting node, which passes its input on.
 * @param {ResumeDeps} deps
 */
function resumeAtWaitTill(deps) {
	if (deps.stored.finished) throw new Error('The execution did succeed and can so not be started again.');
	if (deps.stored.status !== 'waiting') throw new Error(`The execution is ${deps.stored.status}, not waiting`);
	/** @type {import('n8n-workflow').IRunExecutionData} */
	const data = JSON.parse(deps.stored.data);
	return runResumed(deps, deps.createWorkflow(), data, deps.additionalData());
}

/**
 * @param {ResumeDeps} deps
 * @param {import('n8n-workflow').Workflow} workflow
 * @param {import('n8n-workflow').IRunExecutionData} data
 * @param {import('n8n-workflow').IWorkflowExecuteAdditionalData} additionalData
 */
async function runResumed(deps, workflow, data, additionalData) {
	deps.stored.status = 'running';
	const run = await new WorkflowExecute(additionalData, deps.stored.mode, data).processRunExecutionData(workflow);
	deps.saveRun(run);
	return run;
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
function respond(res, status, body) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** @param {void} _answered */
function done(_answered) {
	return { resumed: false };
}

module.exports = { resumeByWebhook, resumeAtWaitTill };
