import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readImageInput } from '../helpers/imageInput';
import type { SwapRequest, ApiFlavour } from '../../shared/transport/flavours';
import { apiFlavourProperty, imageSourceProperties } from './common.descriptions';
import { costGuardOptions } from './cost.options';
import { readResultOptions } from './result.options';
import { runTask, type TaskPlan } from './runTask';
import {
	callbackOptions,
	faceIndexProperties,
	readFaceIndices,
	readTaskConfig,
	readWaitTimeoutMs,
	resultOutputWhileWaiting,
	waitForCompletionProperty,
	waitTimeoutOption,
} from './task.options';
import { maxConcurrentTasksOption, pollIntervalOptions, readPollSchedule } from './throughput.options';
import { waitMethodProperty } from './waitForCallback.description';

const DEFAULT_WAIT_TIMEOUT_S = 300;

const properties: INodeProperties[] = [
	apiFlavourProperty,
	...imageSourceProperties('target'),
	...imageSourceProperties('swap'),
	// The legacy endpoint has no face indices: it swaps onto the faces it finds.
	...faceIndexProperties('target image').map((property) => ({ ...property, displayOptions: { show: { api: ['unified'] } } })),
	waitForCompletionProperty,
	waitMethodProperty,
	...resultOutputWhileWaiting('Image'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...callbackOptions,
			waitTimeoutOption(DEFAULT_WAIT_TIMEOUT_S),
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
	return await runTask(this, await planTask.call(this, itemIndex), itemIndex, signal);
}

/** Reads and checks the item's input exactly as execute does, sending nothing (see the router). */
export async function checkInput(this: IExecuteFunctions, itemIndex: number): Promise<void> {
	await readSwapInput(this, itemIndex);
}

/** The item's task, ready to be created (also by Wait Method "Until PiAPI Calls Back"). */
export async function planTask(this: IExecuteFunctions, itemIndex: number): Promise<TaskPlan> {
	return await readSwapInput(this, itemIndex);
}

/** The item's parameters, all checked. */
export async function readSwapInput(ctx: IExecuteFunctions, itemIndex: number): Promise<TaskPlan> {
	const api = ctx.getNodeParameter('api', itemIndex) as ApiFlavour;
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const result = wait ? readResultOptions(ctx, itemIndex) : undefined;
	const request = await readSwapRequest(ctx, api, itemIndex, options, result?.output === 'binary');
	const timeoutMs = readWaitTimeoutMs(ctx, itemIndex, options, DEFAULT_WAIT_TIMEOUT_S);
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
	const unified = api === 'unified';
	const faceIndices = (name: string, field: string) => (unified ? readFaceIndices(ctx, name, field, itemIndex) : '0');
	return {
		kind: 'image',
		targetImage: await readImageInput(ctx, 'target', itemIndex),
		swapImage: await readImageInput(ctx, 'swap', itemIndex),
		swapFacesIndex: faceIndices('swapFacesIndex', 'Swap Faces Index'),
		targetFacesIndex: faceIndices('targetFacesIndex', 'Target Faces Index'),
		preferBase64Result,
		...readTaskConfig(ctx, itemIndex, options, unified),
	};
}
