import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resultItem, taskJson } from '../shared/output';
import { answerJson, NOTHING_TO_REGISTER, readTaskCallback } from '../shared/transport/callback';
import { isRepeatedEvent } from './repeatedEvents';

export class PiApiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PiAPI Trigger',
		name: 'piApiTrigger',
		icon: { light: 'file:piapi.svg', dark: 'file:piapi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '=Task callbacks: {{ ($parameter["statuses"] || []).join(", ") }}',
		description: 'Starts the workflow when PiAPI calls back with a finished face swap task (image or video)',
		defaults: { name: 'PiAPI Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'In PiAPI Multi Face Swap, turn Wait for Completion off and set Options → Callback URL to this trigger’s Production URL (above) and Callback Secret to the same secret as here. Activate this workflow; each finished task then starts it once. In queue mode with several webhook processes, send this URL’s path to one of them (a rule in the load balancer): a repeated callback reaching another process can start the workflow a second time.',
				name: 'pairingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Callback Secret',
				name: 'callbackSecret',
				type: 'string',
				typeOptions: { password: true },
				required: true,
				default: '',
				description:
					'PiAPI sends it in the x-webhook-secret header; callbacks without it (or with another one) are refused with 401 and start nothing. Use the same secret as in the Swap Faces node’s Callback Secret option.',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Completed', value: 'completed', description: 'The face swap finished with a result image or video' },
					{ name: 'Failed', value: 'failed', description: 'The task failed (e.g. no face found)' },
					{
						name: 'Other (e.g. Processing)',
						value: 'other',
						description: 'Progress callbacks PiAPI sends for some task types before the end',
					},
				],
				default: ['completed', 'failed'],
				description: 'Which task statuses start the workflow; other callbacks are answered and ignored',
			},
			{
				displayName: 'Download Result Image',
				name: 'download',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the result image or video (MP4) of a completed task into the item’s binary data (PiAPI gets its answer before the download)',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryProperty',
				type: 'string',
				default: 'data',
				displayOptions: { show: { download: [true] } },
				description: 'The name of the binary property the result file is written to',
			},
		],
	};

	// PiAPI has no API to register a webhook: each task carries its callback URL (config.webhook_config), set by the
	// Swap Faces node. So there is nothing to create, check or delete on PiAPI's side.
	webhookMethods = NOTHING_TO_REGISTER;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const callback = readTaskCallback(this, this.getNodeParameter('callbackSecret', '') as string);
		if (callback.refused) return callback.refused;
		const { snapshot } = callback;

		const statuses = this.getNodeParameter('statuses', []) as string[];
		const known = snapshot.status === 'completed' || snapshot.status === 'failed';
		if (!statuses.includes(known ? snapshot.status : 'other')) {
			return { webhookResponse: { received: true, ignored: 'status not selected' } };
		}

		// PiAPI may deliver the same event more than once.
		if (isRepeatedEvent(this, `${snapshot.taskId}:${snapshot.status}`)) {
			return { webhookResponse: { received: true, ignored: 'duplicate' } };
		}

		// PiAPI is answered here, by the node: n8n then saves the static data (the event just remembered) as soon as
		// webhook() returns. When n8n answers instead, it starts the execution first, which resets the static data's change
		// flag (n8n 2.41.1), and the event would be remembered in this process's memory only.
		answerJson(this, 200, { received: true });
		let item: INodeExecutionData = { json: taskJson(snapshot) };
		const download = this.getNodeParameter('download', false) as boolean;
		if (download && snapshot.status === 'completed') {
			const binaryProperty = this.getNodeParameter('binaryProperty', 'data') as string;
			try {
				item = await resultItem(this, snapshot, { output: 'binary', binaryProperty, itemIndex: 0 });
			} catch (error) {
				// The task is done either way: the workflow still starts, with the reason in the item.
				item.json.downloadError = error instanceof Error ? error.message : String(error);
			}
		}
		return { noWebhookResponse: true, workflowData: [[item]] };
	}
}
