import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationProperties } from './actions/operations';
import { router } from './actions/router';
import { receiveCallback } from './actions/waitForCallback';
import { NOTHING_TO_REGISTER } from '../shared/transport/callback';

export class PiApiMultiFaceSwap implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PiAPI Multi Face Swap',
		name: 'piApiMultiFaceSwap',
		icon: { light: 'file:piapi.svg', dark: 'file:piapi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ {"swapFaces":"Swap Faces","swapVideoFaces":"Swap Faces in Video","estimateCost":"Estimate Cost","getTask":"Get Task","cancelTask":"Cancel Task"}[$parameter["operation"]] }}',
		// Also what an AI Agent's model reads of the tool when its Tool Description is "Set Automatically": n8n builds an
		// operation's text only for nodes with a Resource field (which would empty the editor's list of actions), and its
		// engine makes the tool from this description, ignoring `usableAsTool` replacements (n8n 2.41 NodeTypes).
		description:
			'Swap faces in images and videos with PiAPI, from URLs, binary files or base64. Each swap is one billed task; its result comes with imageUrl or videoUrl, taskId, status and costUsd',
		defaults: { name: 'PiAPI Multi Face Swap' },
		// n8n turns the node into "PiAPI Multi Face Swap Tool" for the AI Agent (helpers/toolMode.ts).
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'piApi', required: true }],
		properties: operationProperties,
		// Wait Method "Until PiAPI Calls Back": PiAPI calls the waiting execution's resume URL (as for n8n's Wait node).
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '', restartWebhook: true }],
	};

	// The resume URL belongs to the execution: there is nothing to register, check or delete anywhere.
	webhookMethods = NOTHING_TO_REGISTER;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
