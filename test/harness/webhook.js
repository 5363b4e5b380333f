// @ts-check
// startTriggerWebhook: a trigger node's webhook served over real HTTP on 127.0.0.1, the way n8n's CLI serves it
// (LiveWebhooks / TestWebhooks → WebhookHelpers.executeWebhook), minus the database and the workflow run:
//  - each request gets a fresh Workflow holding the trigger node, with the static data saved by the previous call
//    (n8n loads the workflow from its database per request and saves static data after the webhook call when the
//    node changed it — under n8n 2.41.1's rule, mirrored below: a change is lost when n8n starts the execution before it
//    answers, see after webhook() below);
//  - n8n-core's real WebhookContext is built for the node (mode 'webhook' for the production URL, 'manual' for the
//    test URL) with the request and response, and `nodeType.webhook.call(context)` runs;
//  - the answer is what n8n would send: the node's own (noWebhookResponse), else its webhookResponse, else n8n's
//    "Workflow was started" (responseMode onReceived); `items` are what n8n would start an execution with.
const http = require('node:http');
const { WebhookContext } = require('n8n-core');
const { Workflow } = require('n8n-workflow');
const { createAdditionalData } = require('./additional-data');
const { useBinaryMode } = require('./binary');
const { HarnessCredentialsHelper } = require('./credentials');
const { ensureEngine } = require('./lifecycle');
const { createNodeTypes, latestVersion } = require('./node-types');
const { loadPackage } = require('./package');

/**
 * @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData
 * @typedef {import('n8n-workflow').INodeType} INodeType
 */

/**
 * One request the webhook received.
 * @typedef {object} WebhookCall
 * @property {'production' | 'test'} endpoint
 * @property {number} statusCode what the caller got
 * @property {unknown} body the answer, parsed when JSON
 * @property {INodeExecutionData[] | undefined} items the items n8n would start an execution with (undefined: none)
 * @property {Error | undefined} error what webhook() threw (n8n answers 500 and starts nothing)
 * @property {number} returnedAt Date.now() when webhook() returned or threw: where n8n would start the execution
 */

/**
 * @typedef {object} TriggerWebhook
 * @property {string} productionUrl the URL n8n shows as Production URL (what PiAPI should call)
 * @property {string} testUrl the Test URL
 * @property {WebhookCall[]} calls every request so far, in the order answered
 * @property {() => INodeExecutionData[]} items all items of all started executions, in order
 * @property {() => Record<string, unknown>} staticData the workflow static data as n8n would have saved it
 * @property {() => Promise<void>} stop
 */

// n8n reads the workflow from its database for each call: the time that takes, in which other calls can arrive.
const DATABASE_READ_MS = 5;
// Each started trigger is a workflow of its own, as two activated workflows are in n8n.
let startedTriggers = 0;
const WEBHOOK_ID = '6f1c2d3e-0000-4000-8000-harnesswebhk';

/**
 * @param {object} options
 * @param {string} options.nodeType e.g. `${PACKAGE_NAME}.piApiTrigger`
 * @param {import('n8n-workflow').INodeParameters} options.parameters
 * @param {import('./binary').BinaryMode} [options.binaryMode]
 * @param {Record<string, unknown>} [options.staticData] what the database holds at the start (default: nothing, as
 *   for a workflow never called); with another trigger's staticData(), a process that has only the saved events
 * @returns {Promise<TriggerWebhook>}
 */
async function startTriggerWebhook({ nodeType: typeName, parameters, binaryMode = 'default', staticData: initialStaticData }) {
	const workflowId = `harness-trigger-workflow-${++startedTriggers}`;
	await ensureEngine();
	await useBinaryMode(binaryMode);
	const { credentialTypes } = await loadPackage();
	const nodeTypes = await createNodeTypes([typeName]);
	const nodeType = /** @type {INodeType} */ (nodeTypes.getByNameAndVersion(typeName));
	const maybeDescription = nodeType.description.webhooks?.[0];
	const maybeMethod = nodeType.webhook;
	if (!maybeDescription || !maybeMethod) throw new Error(`${typeName} is not a webhook node`);
	const description = maybeDescription;
	const webhookMethod = maybeMethod;
	const webhookPath = `${WEBHOOK_ID}/${String(description.path)}`;

	/** @type {import('n8n-workflow').INode} */
	const node = {
		id: 'trigger-under-test',
		name: nodeType.description.defaults.name ?? 'Trigger',
		type: typeName,
		typeVersion: latestVersion(nodeType),
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: structuredClone(parameters),
	};

	/** @type {Record<string, unknown> | null} null: never saved (a new workflow's staticData column is NULL) */
	let savedStaticData = initialStaticData ? structuredClone(initialStaticData) : null;
	/** @type {WebhookCall[]} */
	const calls = [];

	const server = http.createServer((req, res) => {
		void handle(req, res).catch((error) => {
			if (!res.headersSent) res.writeHead(500);
			res.end(String(error));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const baseUrl = `http://127.0.0.1:${address.port}`;

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function handle(req, res) {
		const url = new URL(req.url ?? '/', baseUrl);
		const endpoint =
			url.pathname === `/webhook/${webhookPath}` ? 'production' : url.pathname === `/webhook-test/${webhookPath}` ? 'test' : undefined;
		if (!endpoint || req.method !== description.httpMethod) {
			res.writeHead(404, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ code: 404, message: 'The requested webhook is not registered.' }));
			return;
		}

		// As in n8n: the workflow, with its static data, is loaded when the call arrives, before the body is read, and the
		// static data saved after the node's webhook(); calls that overlap each get their own copy.
		const loadedStaticData = savedStaticData === null ? undefined : structuredClone(savedStaticData);
		await new Promise((resolve) => setTimeout(resolve, DATABASE_READ_MS));
		// n8n's body parser: JSON bodies parsed, the raw bytes kept as rawBody.
		const chunks = [];
		for await (const chunk of req) chunks.push(/** @type {Buffer} */ (chunk));
		const rawBody = Buffer.concat(chunks);
		let body = {};
		if (String(req.headers['content-type'] ?? '').includes('json') && rawBody.length) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				res.writeHead(400, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ message: 'Invalid JSON' }));
				return;
			}
		}
		const request = /** @type {any} */ (req);
		request.body = body;
		request.rawBody = rawBody;
		request.query = Object.fromEntries(url.searchParams);
		request.params = {};

		// What the node writes itself (noWebhookResponse), recorded on its way out.
		/** @type {Buffer[]} */
		const written = [];
		const end = res.end.bind(res);
		res.end = /** @type {any} */ (
			(/** @type {any} */ chunk, /** @type {any[]} */ ...rest) => {
				if (chunk !== undefined && typeof chunk !== 'function') written.push(Buffer.from(chunk));
				return end(chunk, ...rest);
			}
		);

		/** @type {import('n8n-workflow').WorkflowParameters} */
		const workflowParameters = {
			id: workflowId,
			name: 'Harness: trigger webhook',
			nodes: [node],
			connections: {},
			active: endpoint === 'production',
			nodeTypes,
			staticData: /** @type {import('n8n-workflow').IDataObject | undefined} */ (loadedStaticData),
			settings: { executionOrder: 'v1' },
		};
		const workflow = new Workflow(workflowParameters);
		const additionalData = createAdditionalData({
			credentialsHelper: new HarnessCredentialsHelper(credentialTypes, {}),
			executionId: /** @type {string} */ (/** @type {unknown} */ (undefined)),
			workflowId,
		});
		additionalData.webhookBaseUrl = `${baseUrl}/webhook`;
		additionalData.webhookTestBaseUrl = `${baseUrl}/webhook-test`;
		additionalData.httpRequest = request;
		additionalData.httpResponse = /** @type {any} */ (res);
		/** @type {import('n8n-workflow').IWebhookData} */
		const webhookData = {
			httpMethod: description.httpMethod === 'GET' ? 'GET' : 'POST',
			node: node.name,
			path: webhookPath,
			webhookDescription: description,
			workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
			isTest: endpoint === 'test',
		};
		const mode = endpoint === 'test' ? 'manual' : 'webhook';
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);

		/** @type {WebhookCall} */
		const call = { endpoint, statusCode: 0, body: undefined, items: undefined, error: undefined, returnedAt: 0 };
		/** @type {import('n8n-workflow').IWebhookResponseData | undefined} */
		let result;
		try {
			result = await webhookMethod.call(/** @type {any} */ (context));
		} catch (error) {
			call.error = /** @type {Error} */ (error);
		}
		call.returnedAt = Date.now();
		if (result?.workflowData !== undefined && result.noWebhookResponse !== true && !call.error) {
			// n8n 2.41.1 starts the execution before it answers (responseMode onReceived) and saves the static data after
			// that. Starting it (WorkflowRunner.run → establishContextForPersistence) wraps the same static data object in
			// another Workflow, whose ObservableObject.create resets the object's change flag: the node's change is not
			// saved — unless the workflow had no static data at all (NULL: each Workflow then gets an object of its own).
			new Workflow(workflowParameters);
		}
		// n8n saves the static data after the webhook call if the change flag is still set.
		const staticData = /** @type {Record<string, unknown>} */ (workflow.staticData);
		if (staticData.__dataChanged === true) {
			const { __dataChanged, ...data } = JSON.parse(JSON.stringify(staticData));
			savedStaticData = data;
		}

		if (call.error) {
			if (!res.writableEnded) respondJson(res, 500, { code: 0, message: 'Error in workflow' });
		} else if (!res.writableEnded) {
			if (result?.workflowData === undefined) respondJson(res, 200, result?.webhookResponse ?? { message: 'Webhook call received' });
			else respondJson(res, 200, { message: 'Workflow was started' });
		}
		if (!call.error) call.items = result?.workflowData?.[0];
		call.statusCode = res.statusCode;
		const text = Buffer.concat(written).toString('utf8');
		try {
			call.body = JSON.parse(text);
		} catch {
			call.body = text;
		}
		calls.push(call);
	}

	return {
		productionUrl: `${baseUrl}/webhook/${webhookPath}`,
		testUrl: `${baseUrl}/webhook-test/${webhookPath}`,
		calls,
		items: () => calls.flatMap((call) => call.items ?? []),
		staticData: () => savedStaticData ?? {},
		stop: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
function respondJson(res, status, body) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

module.exports = { startTriggerWebhook };
