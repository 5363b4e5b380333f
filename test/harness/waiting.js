// @ts-check
// runUntilWaiting: `Input` → `PiAPI Multi Face Swap` run by n8n-core's real WorkflowExecute until the node puts the
// execution to wait; the execution is then stored as n8n stores it (serialised, status `waiting`) and a real HTTP
// server on 127.0.0.1 serves its resume URL (/webhook-waiting/<id>), resuming it the way n8n's CLI does
// (waiting-webhooks.js). `expire()` resumes it as n8n does when Wait Timeout passes.
const http = require('node:http');
const { ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const { Workflow, createRunExecutionData } = require('n8n-workflow');
const { createAdditionalData } = require('./additional-data');
const { useBinaryMode } = require('./binary');
const { HarnessCredentialsHelper } = require('./credentials');
const { nodeResult } = require('./execute');
const { INPUT_NODE_TYPE, registerFeed, releaseFeed } = require('./input-node');
const { ensureEngine } = require('./lifecycle');
const { createNodeTypes, latestVersion } = require('./node-types');
const { loadPackage } = require('./package');
const { CREDENTIAL_TYPE, SWAP_NODE_NAME, SWAP_NODE_TYPE } = require('./run-node');
const { resumeAtWaitTill, resumeByWebhook } = require('./waiting-webhooks');

let waitingRuns = 0;

/**
 * @typedef {object} WaitingCall one request to the resume URL
 * @property {number} statusCode
 * @property {unknown} body
 * @property {boolean} resumed
 */

/** @typedef {import('./run-node').RunNodeResult & { endedAt: number }} WaitingRunResult endedAt: Date.now() when the run ended */

/**
 * @typedef {object} WaitingRun
 * @property {string} executionId
 * @property {import('./waiting-webhooks').StoredExecution} stored
 * @property {import('n8n-workflow').IRun} firstLeg the engine's result when the execution started waiting
 * @property {string | undefined} resumeUrl the URL PiAPI was given (from the task the node created)
 * @property {Date | undefined} waitTill
 * @property {WaitingCall[]} calls
 * @property {() => Promise<WaitingRunResult>} finished resolves once a resumed run has ended
 * @property {() => Promise<WaitingRunResult>} expire resume as at Wait Timeout, and wait for the end
 * @property {import('./credentials').RecordedRequest[]} requests
 * @property {() => Promise<void>} stop
 */

/**
 * @param {object} options
 * @param {import('n8n-workflow').INodeParameters} options.parameters
 * @param {import('./input-node').InputItem[]} [options.input]
 * @param {import('n8n-workflow').ICredentialDataDecryptedObject} options.credentials
 * @param {boolean} [options.continueOnFail] default true ("Continue", regular output)
 * @param {import('./binary').BinaryMode} [options.binaryMode]
 * @param {number} [options.storingMs] how long n8n takes to store the execution as waiting once the node has put it to
 *   wait (default 0): callbacks in that time find it running (409), as under load
 * @returns {Promise<WaitingRun>}
 */
async function runUntilWaiting({ parameters, input, credentials, continueOnFail = true, binaryMode = 'default', storingMs = 0 }) {
	await ensureEngine();
	await useBinaryMode(binaryMode);
	const { credentialTypes } = await loadPackage();
	const nodeTypes = await createNodeTypes([SWAP_NODE_TYPE]);
	const feed = registerFeed(input ?? [{ json: {} }]);
	const executionId = `harness-waiting-${++waitingRuns}`;
	/** @type {import('n8n-workflow').INode[]} */
	const nodes = [
		{ id: 'harness-input', name: 'Input', type: INPUT_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: { feed } },
		{
			id: 'node-under-test',
			name: SWAP_NODE_NAME,
			type: SWAP_NODE_TYPE,
			typeVersion: latestVersion(nodeTypes.getByName(SWAP_NODE_TYPE)),
			position: [220, 0],
			parameters: structuredClone(parameters),
			credentials: { [CREDENTIAL_TYPE]: { id: 'harness-credential', name: 'PiAPI account' } },
			...(continueOnFail ? { onError: /** @type {const} */ ('continueRegularOutput') } : {}),
		},
	];
	const connections = { Input: { main: [[{ node: SWAP_NODE_NAME, type: /** @type {const} */ ('main'), index: 0 }]] } };
	// n8n builds the workflow afresh from the execution's saved workflow data for each resume.
	const createWorkflow = () =>
		new Workflow({
			id: 'harness-waiting-workflow',
			name: 'Harness: waiting execution',
			nodes: structuredClone(nodes),
			connections,
			active: false,
			nodeTypes,
			settings: { executionOrder: 'v1' },
		});
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, { [CREDENTIAL_TYPE]: credentials });

	const server = http.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const baseUrl = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
	const additionalData = (/** @type {any} */ httpRequest = undefined, /** @type {any} */ httpResponse = undefined) => {
		const workflow = createWorkflow();
		const hooks = new ExecutionLifecycleHooks('manual', executionId, {
			id: /** @type {string} */ (workflow.id),
			name: 'Harness: waiting execution',
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes,
			connections,
			settings: workflow.settings,
		});
		const data = createAdditionalData({ credentialsHelper, hooks, executionId, workflowId: /** @type {string} */ (workflow.id) });
		data.webhookWaitingBaseUrl = `${baseUrl}/webhook-waiting`;
		if (httpRequest) data.httpRequest = httpRequest;
		if (httpResponse) data.httpResponse = httpResponse;
		return data;
	};

	/** @type {import('./waiting-webhooks').StoredExecution} */
	const stored = { id: executionId, mode: 'manual', status: 'running', finished: false, data: '' };
	/** @type {{ resolve(run: import('n8n-workflow').IRun): void, promise: Promise<import('n8n-workflow').IRun>, at?: number }} */
	const end = /** @type {any} */ ({});
	end.promise = new Promise((resolve) => (end.resolve = resolve));
	const deps = {
		stored,
		createWorkflow,
		additionalData,
		saveRun: (/** @type {import('n8n-workflow').IRun} */ run) => {
			Object.assign(stored, { status: run.status, finished: run.status === 'success', data: JSON.stringify(run.data) });
			if (run.status === 'waiting') return;
			end.at ??= Date.now();
			end.resolve(run);
		},
	};
	/** @type {WaitingCall[]} */
	const calls = [];
	server.on('request', (req, res) => void serve(req, res));
	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function serve(req, res) {
		const url = new URL(req.url ?? '/', baseUrl);
		const chunks = [];
		for await (const chunk of req) chunks.push(/** @type {Buffer} */ (chunk));
		const text = Buffer.concat(chunks).toString('utf8');
		const written = /** @type {Buffer[]} */ ([]);
		const end_ = res.end.bind(res);
		res.end = /** @type {any} */ ((/** @type {any} */ chunk, /** @type {any[]} */ ...rest) => {
			if (chunk !== undefined && typeof chunk !== 'function') written.push(Buffer.from(chunk));
			return end_(chunk, ...rest);
		});
		/** @type {WaitingCall} */
		const call = { statusCode: 0, body: undefined, resumed: false };
		if (url.pathname !== `/webhook-waiting/${executionId}`) {
			res.writeHead(404).end();
		} else {
			const request = Object.assign(req, { body: text ? JSON.parse(text) : {}, query: Object.fromEntries(url.searchParams), params: {} });
			call.resumed = (await resumeByWebhook(deps, request, res)).resumed;
		}
		call.statusCode = res.statusCode;
		const answer = Buffer.concat(written).toString('utf8');
		call.body = answer.startsWith('{') ? JSON.parse(answer) : answer;
		calls.push(call);
	}

	// The first leg, as a manual execution; n8n saves it when workflowExecuteAfter reports `waiting`. A callback that
	// arrives before that finds the execution running (409), as in n8n.
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }] },
	});
	const firstLeg = await new WorkflowExecute(additionalData(), 'manual', runExecutionData).processRunExecutionData(
		createWorkflow(),
	);
	if (storingMs > 0) await new Promise((resolve) => setTimeout(resolve, storingMs));
	deps.saveRun(firstLeg);

	const result = async () => {
		const run = await end.promise;
		const { items, outputs, error } = nodeResult(run, SWAP_NODE_NAME);
		const { runData } = run.data.resultData;
		const requests = credentialsHelper.requests;
		return { items, outputs, error: error ?? run.data.resultData.error, status: run.status, runData, requests, run, endedAt: Number(end.at) };
	};
	// The task creation (a video given as bytes is uploaded first, also with a POST).
	const created = credentialsHelper.requests.find((request) => request.method === 'POST' && !request.url.endsWith('/api/ephemeral_resource'));
	const createdBody = /** @type {{ config?: { webhook_config?: { endpoint?: string } } } | undefined} */ (created?.body);
	return {
		executionId,
		stored,
		firstLeg,
		resumeUrl: createdBody?.config?.webhook_config?.endpoint,
		waitTill: firstLeg.waitTill ?? undefined,
		calls,
		finished: result,
		expire: async () => {
			void resumeAtWaitTill(deps);
			return await result();
		},
		requests: credentialsHelper.requests,
		stop: async () => {
			releaseFeed(feed);
			server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

module.exports = { runUntilWaiting };
