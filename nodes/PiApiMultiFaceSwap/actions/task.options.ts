import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { normaliseFaceIndices } from '../helpers/faceIndex';
import { boundedNumber, invalidInput, textParameter } from '../helpers/parameters';
import type { TaskRequest } from '../../shared/transport/flavours';
import { resultOutputPropertiesFor } from './common.descriptions';

// The fields and options that Swap Faces and Swap Faces in Video share (each shows its own copy).

export const MAX_WAIT_TIMEOUT_S = 7200;

export const faceIndexProperties = (target: string): INodeProperties[] => [
	{
		displayName: 'Swap Faces Index',
		name: 'swapFacesIndex',
		type: 'string',
		default: '0',
		placeholder: '0,1',
		description:
			'Which faces of the swap image to use, comma-separated; 0 is the first face (faces are counted roughly left to right)',
	},
	{
		displayName: 'Target Faces Index',
		name: 'targetFacesIndex',
		type: 'string',
		default: '0',
		placeholder: '0,1',
		description: `Which faces of the ${target} to replace, in the same order as Swap Faces Index`,
	},
];

export const waitForCompletionProperty: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait until PiAPI has finished and return the result. Off: return the task ID at once and collect the result later with Get Task, or receive it with the PiAPI Trigger node (set Options → Callback URL).',
};

/** Shown only while the node waits for the result. */
export const whileWaiting = { show: { waitForCompletion: [true] } };

/** Output and Put Output in Field, shown only while the node waits for the result. */
export const resultOutputWhileWaiting = (noun: 'Image' | 'Video'): INodeProperties[] =>
	resultOutputPropertiesFor(noun).map((property) => ({
		...property,
		displayOptions: { show: { ...property.displayOptions?.show, ...whileWaiting.show } },
	}));

export const callbackOptions: INodeProperties[] = [
	{
		displayName: 'Callback URL',
		name: 'webhookUrl',
		type: 'string',
		default: '',
		placeholder: 'https://your-n8n.example.com/webhook/…',
		description:
			'PiAPI posts the finished task to this URL (Unified Task API only). To receive it in n8n, paste the Production URL of a PiAPI Trigger node and turn Wait for Completion off.',
	},
	{
		displayName: 'Callback Secret',
		name: 'webhookSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'Sent by PiAPI in the x-webhook-secret header of each callback; use the same value as the PiAPI Trigger’s Callback Secret',
	},
	{
		displayName: 'Service Mode',
		name: 'serviceMode',
		type: 'options',
		options: [
			{ name: 'Workspace Default', value: '' },
			{ name: 'Public (Pay as You Go)', value: 'public' },
			{ name: 'Private (Host Your Account)', value: 'private' },
		],
		default: '',
		description: 'Which PiAPI service pays for the task (Unified Task API only)',
	},
];

export const waitTimeoutOption = (defaultSeconds: number): INodeProperties => ({
	displayName: 'Wait Timeout (Seconds)',
	name: 'waitTimeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_WAIT_TIMEOUT_S },
	default: defaultSeconds,
	description:
		'How long to wait for a task before giving up on it (it keeps running at PiAPI). Also the longest wait for PiAPI to answer the task creation (at least 5 s, at most 60 s).',
});

/** Wait Timeout in ms; `defaultSeconds` where the option is not set. */
export function readWaitTimeoutMs(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject, defaultSeconds: number) {
	const seconds = boundedNumber(ctx, options.waitTimeout ?? defaultSeconds, 'Wait Timeout', itemIndex, {
		min: 1,
		max: MAX_WAIT_TIMEOUT_S,
	});
	return 1000 * seconds;
}

/** A face index list in PiAPI's form ("0,1"), or an error naming the field. */
export function readFaceIndices(ctx: IExecuteFunctions, name: string, field: string, itemIndex: number): string {
	const checked = normaliseFaceIndices(textParameter(ctx, name, field, itemIndex, '0'));
	if ('problem' in checked) throw invalidInput(ctx, field, itemIndex, checked.problem);
	return checked.value;
}

/** Callback URL and Secret, Service Mode: the request's `webhook` and `serviceMode`, checked. */
export function readTaskConfig(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	unified: boolean,
): Pick<TaskRequest, 'webhook' | 'serviceMode'> {
	const config: Pick<TaskRequest, 'webhook' | 'serviceMode'> = {};
	const webhookUrl = textParameter(ctx, 'options.webhookUrl', 'Callback URL', itemIndex);
	if (webhookUrl) {
		if (!unified) throw invalidInput(ctx, 'Callback URL', itemIndex, 'callbacks need the Unified Task API');
		if (!/^https?:\/\/[^\s/]+/i.test(webhookUrl)) {
			throw invalidInput(ctx, 'Callback URL', itemIndex, `"${webhookUrl}" is not an http(s) URL`);
		}
		const secret = textParameter(ctx, 'options.webhookSecret', 'Callback Secret', itemIndex, '', { trim: false });
		config.webhook = { endpoint: webhookUrl, secret };
	}
	if (options.serviceMode === 'public' || options.serviceMode === 'private') config.serviceMode = options.serviceMode;
	return config;
}
