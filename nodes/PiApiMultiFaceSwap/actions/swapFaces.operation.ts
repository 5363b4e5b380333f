import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { creationTimeoutMs } from '../../shared/transport/retry';
import { normaliseFaceIndices } from '../helpers/faceIndex';
import { readImageInput } from '../helpers/imageInput';
import { resultItem, taskJson } from '../../shared/output';
import { taskNotCompletedError } from '../helpers/taskFailure';
import { boundedNumber, invalidInput, textParameter } from '../helpers/parameters';
import { createPacedTask } from '../helpers/pacing';
import { cancelIfStillQueued, waitForFinalStatus } from '../helpers/polling';
import { taskClient, type ApiFlavour, type SwapRequest } from '../../shared/transport/flavours';
import { apiFlavourProperty, imageSourceProperties, resultOutputProperties } from './common.descriptions';
import { costGuardOptions } from './cost.options';
import { readResultOptions } from './result.options';
import { maxConcurrentTasksOption, pollIntervalOptions, readPollSchedule } from './throughput.options';
import { waitMethodProperty } from './waitForCallback.description';

const DEFAULT_WAIT_TIMEOUT_S = 300;
const MAX_WAIT_TIMEOUT_S = 7200;

const faceIndexProperty = (name: string, displayName: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '0',
	placeholder: '0,1',
	description,
	displayOptions: { show: { api: ['unified'] } },
});

const waitingOnly = { show: { waitForCompletion: [true] } };

const properties: INodeProperties[] = [
	apiFlavourProperty,
	...imageSourceProperties('target'),
	...imageSourceProperties('swap'),
	faceIndexProperty(
		'swapFacesIndex',
		'Swap Faces Index',
		'Which faces of the swap image to use, comma-separated; 0 is the first face (faces are counted roughly left to right)',
	),
	faceIndexProperty(
		'targetFacesIndex',
		'Target Faces Index',
		'Which faces of the target image to replace, in the same order as Swap Faces Index',
	),
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until PiAPI has finished and return the result. Off: return the task ID at once and collect the result later with Get Task, or receive it with the PiAPI Trigger node (set Options → Callback URL).',
	},
	waitMethodProperty,
	...resultOutputProperties.map((property) => ({
		...property,
		displayOptions: { show: { ...property.displayOptions?.show, ...waitingOnly.show } },
	})),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
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
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitTimeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_WAIT_TIMEOUT_S },
				default: DEFAULT_WAIT_TIMEOUT_S,
				description:
					'How long to wait for a task before giving up on it (it keeps running at PiAPI). Also the longest wait for PiAPI to answer the task creation (at least 5 s, at most 60 s).',
			},
			maxConcurrentTasksOption,
			...pollIntervalOptions,
			...costGuardOptions,
		],
	},
];

// Estimate Cost checks items exactly as Swap Faces does, so it shows the same fields (switching keeps them).
export const description = updateDisplayOptions({ show: { operation: ['swapFaces', 'estimateCost'] } }, properties);

/** Each item creates one billed task (see the router's cost guards). */
export const createsTasks = true;

export async function execute(this: IExecuteFunctions, itemIndex: number, signal?: AbortSignal): Promise<INodeExecutionData> {
	const { api, result, request, timeoutMs, schedule } = await readSwapInput(this, itemIndex);

	const client = taskClient(this, api);
	const creation = { itemIndex, signal, timeoutMs: creationTimeoutMs(timeoutMs) };
	// Waiting items are paced so that PiAPI's queue holds only a few of them (see StagingPacer).
	const created = result
		? await createPacedTask(this, client, request, creation)
		: await client.create(request, creation);
	if (!result) {
		// Stopped while the task was being created: nobody will see its ID, so do not let it run.
		if (signal?.aborted) await cancelIfStillQueued(client, created, itemIndex);
		return { json: taskJson(created) };
	}

	const final = await waitForFinalStatus(this, client, created, { timeoutMs, itemIndex, signal, schedule });
	if (final.status !== 'completed') throw taskNotCompletedError(this, final, itemIndex);
	return await resultItem(this, final, { ...result, itemIndex, signal });
}

/** Reads and checks the item's input exactly as execute does, sending nothing (see the router). */
export async function checkInput(this: IExecuteFunctions, itemIndex: number): Promise<void> {
	await readSwapInput(this, itemIndex);
}

/** The item's parameters, all checked. */
export async function readSwapInput(ctx: IExecuteFunctions, itemIndex: number) {
	const api = ctx.getNodeParameter('api', itemIndex) as ApiFlavour;
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const result = wait ? readResultOptions(ctx, itemIndex) : undefined;
	const request = await readSwapRequest(ctx, api, itemIndex, options, result?.output === 'binary');
	const timeoutMs =
		1000 * boundedNumber(ctx, options.waitTimeout ?? DEFAULT_WAIT_TIMEOUT_S, 'Wait Timeout', itemIndex, {
			min: 1,
			max: MAX_WAIT_TIMEOUT_S,
		});
	const schedule = wait ? readPollSchedule(ctx, itemIndex) : undefined;
	return { api, result, request, timeoutMs, schedule };
}

/** Everything PiAPI needs, checked before anything is sent: a rejected request still costs money. */
async function readSwapRequest(
	ctx: IExecuteFunctions,
	api: ApiFlavour,
	itemIndex: number,
	options: IDataObject,
	preferBase64Result: boolean,
): Promise<SwapRequest> {
	const faceIndices = (name: string, field: string) => {
		if (api !== 'unified') return '0';
		const checked = normaliseFaceIndices(textParameter(ctx, name, field, itemIndex, '0'));
		if ('problem' in checked) throw invalidInput(ctx, field, itemIndex, checked.problem);
		return checked.value;
	};
	const request: SwapRequest = {
		targetImage: await readImageInput(ctx, 'target', itemIndex),
		swapImage: await readImageInput(ctx, 'swap', itemIndex),
		swapFacesIndex: faceIndices('swapFacesIndex', 'Swap Faces Index'),
		targetFacesIndex: faceIndices('targetFacesIndex', 'Target Faces Index'),
		preferBase64Result,
	};
	const webhookUrl = textParameter(ctx, 'options.webhookUrl', 'Callback URL', itemIndex);
	if (webhookUrl) {
		if (api !== 'unified') {
			throw invalidInput(ctx, 'Callback URL', itemIndex, 'callbacks need the Unified Task API');
		}
		if (!/^https?:\/\/[^\s/]+/i.test(webhookUrl)) {
			throw invalidInput(ctx, 'Callback URL', itemIndex, `"${webhookUrl}" is not an http(s) URL`);
		}
		const secret = textParameter(ctx, 'options.webhookSecret', 'Callback Secret', itemIndex, '', { trim: false });
		request.webhook = { endpoint: webhookUrl, secret };
	}
	if (options.serviceMode === 'public' || options.serviceMode === 'private') request.serviceMode = options.serviceMode;
	return request;
}
