// @ts-check
// The IWorkflowExecuteAdditionalData a run gets: what n8n's CLI builds, minus the database. Every *BaseUrl must
// be a valid absolute URL (an empty one throws "Invalid URL" while n8n builds $execution.resumeUrl).
const { ExternalSecretsProxy } = require('n8n-core');

const INSTANCE_URL = 'http://localhost:5678';

/**
 * @param {object} options
 * @param {import('n8n-workflow').ICredentialsHelper} options.credentialsHelper
 * @param {import('n8n-core').ExecutionLifecycleHooks} [options.hooks]
 * @param {string} options.executionId
 * @param {string} options.workflowId
 * @returns {import('n8n-workflow').IWorkflowExecuteAdditionalData}
 */
function createAdditionalData({ credentialsHelper, hooks, executionId, workflowId }) {
	/** @param {string} what */
	const unsupported = (what) => async () => {
		throw new Error(`The test harness does not support ${what}`);
	};
	return {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		userId: 'harness-user',
		currentNodeExecutionIndex: 0,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		instanceBaseUrl: `${INSTANCE_URL}/`,
		restApiUrl: `${INSTANCE_URL}/rest`,
		formBaseUrl: `${INSTANCE_URL}/form`,
		formWaitingBaseUrl: `${INSTANCE_URL}/form-waiting`,
		formTestBaseUrl: `${INSTANCE_URL}/form-test`,
		webhookBaseUrl: `${INSTANCE_URL}/webhook`,
		webhookWaitingBaseUrl: `${INSTANCE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${INSTANCE_URL}/webhook-test`,
		mcpBaseUrl: `${INSTANCE_URL}/mcp`,
		mcpTestBaseUrl: `${INSTANCE_URL}/mcp-test`,
		executeWorkflow: unsupported('sub-workflows'),
		startRunnerTask: unsupported('task runners (Code node)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
	};
}

module.exports = { createAdditionalData };
