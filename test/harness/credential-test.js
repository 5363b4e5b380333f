// @ts-check
// testCredential: what n8n's "Test" button does for a credential with a declarative `test.request`
// (CredentialsTester in packages/cli): the request goes on a temporary node whose single property routes it,
// n8n-core's RoutingNode resolves the `={{$credentials…}}` expressions, and the request is sent with
// httpRequestWithAuthentication, so `authenticate` is applied by the credentials helper as in a real run.
// 2xx → OK; any other status → Error with the status text; a connection failure → Error with its code.
const { ExecuteContext, RoutingNode } = require('n8n-core');
const { createRunExecutionData, Workflow } = require('n8n-workflow');
const { createAdditionalData } = require('./additional-data');
const { HarnessCredentialsHelper } = require('./credentials');
const { ensureEngine } = require('./lifecycle');
const { HarnessNodeTypes } = require('./node-types');
const { loadPackage } = require('./package');

// n8n carries the test request on a copy of the No Operation node's description under this type name.
const CARRIER_TYPE = 'n8n-nodes-base.noOp';

/**
 * @typedef {object} CredentialTestResult
 * @property {'OK' | 'Error'} status
 * @property {string} message
 * @property {number} [httpStatus] the response's status code, when there was a response
 */

/**
 * @param {import('n8n-workflow').ICredentialDataDecryptedObject} data e.g. { apiKey, baseUrl }
 * @param {{ type?: string }} [options] credential type; default 'piApi'
 * @returns {Promise<CredentialTestResult>}
 */
async function testCredential(data, { type = 'piApi' } = {}) {
	await ensureEngine();
	const { credentialTypes } = await loadPackage();
	const credentialType = credentialTypes[type];
	if (!credentialType) throw new Error(`The package has no credential type "${type}"`);
	const { test } = credentialType;
	if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };

	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, { [type]: data });
	/** @type {import('n8n-workflow').ICredentialsDecrypted} */
	const decrypted = {
		id: 'harness-credential',
		name: 'Harness credential',
		type,
		data: credentialsHelper.withDefaults(type, data),
	};

	/** @type {import('n8n-workflow').INodeType} */
	const carrier = {
		description: {
			displayName: 'No Operation, do nothing',
			name: CARRIER_TYPE,
			group: ['organization'],
			version: 1,
			description: 'Carries the credential test request',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } },
			],
		},
	};
	/** @type {import('n8n-workflow').INode} */
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: CARRIER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: decrypted.id, name: decrypted.name } },
	};
	const nodeTypes = new HarnessNodeTypes({ [CARRIER_TYPE]: carrier });
	const workflow = new Workflow({
		id: 'harness-credential-test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const additionalData = createAdditionalData({
		credentialsHelper,
		executionId: 'credential-test',
		workflowId: workflow.id,
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ executionData: null }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	/** @type {import('n8n-workflow').INodeExecutionData[][] | null | undefined} */
	let response;
	try {
		// the vm expression engine evaluates inside an isolate the caller holds, as WorkflowExecute does per run
		response = await workflow.expression.withIsolate(
			async () => await new RoutingNode(context, carrier, decrypted).runNode(),
		);
	} catch (error) {
		return failure(error, test.rules);
	}
	// a 2xx can still be a failure when a responseSuccessBody rule matches the body
	const body = response?.[0]?.[0]?.json;
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && valueAt(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * @param {unknown} object
 * @param {string} key dotted path
 */
function valueAt(object, key) {
	/** @type {any} */
	let value = object;
	for (const part of key.split('.')) value = value?.[part];
	return value;
}

/**
 * Maps a failed test request to n8n's result: a matching responseCode rule, else the HTTP status, else the code,
 * else the error's message.
 * @param {unknown} error
 * @param {import('n8n-workflow').ICredentialTestRequest['rules']} rules
 * @returns {CredentialTestResult}
 */
function failure(error, rules) {
	const { cause, httpCode } =
		/** @type {{ cause?: { response?: { status?: number, statusText?: string }, code?: string }, httpCode?: unknown }} */ (
			error ?? {}
		);
	const httpStatus = cause?.response?.status;
	if (httpStatus !== undefined) {
		for (const rule of rules ?? []) {
			if (rule.type === 'responseCode' && rule.properties.value === httpStatus) {
				return { status: 'Error', message: rule.properties.message, httpStatus };
			}
		}
		if (httpStatus < 200 || httpStatus > 299) {
			const message = cause?.response?.statusText || `Received HTTP status code: ${httpStatus}`;
			return { status: 'Error', message, httpStatus };
		}
	}
	if (cause?.code) return { status: 'Error', message: cause.code };
	/** @type {CredentialTestResult} */
	const result = { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	// n8n-workflow 1.x's NodeApiError loses an Error cause (a class field resets it), so n8n 1.x always ends here and
	// shows the error's own message. The HTTP status then survives only as httpCode ('401', or e.g. 'ECONNREFUSED').
	if (httpStatus === undefined && typeof httpCode === 'string' && /^\d{3}$/.test(httpCode)) {
		result.httpStatus = Number(httpCode);
	}
	return result;
}

module.exports = { testCredential };
