import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VideoSwapRequest } from '../../shared/transport/flavours';
import { uploadFile } from '../../shared/transport/upload';
import { readImageInput } from '../helpers/imageInput';
import { VIDEO_POLL_SCHEDULE } from '../helpers/polling';
import { readVideoInput, type TargetVideo } from '../helpers/videoInput';
import { imageSourceProperties, videoSourceProperties } from './common.descriptions';
import { maxTasksPerExecutionOption } from './cost.options';
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
	whileWaiting,
} from './task.options';
import { maxConcurrentTasksOption, readPollSchedule, videoPollIntervalOptions } from './throughput.options';
import { waitMethodProperty } from './waitForCallback.description';

/**
 * A video task processes up to 600 frames and takes minutes (PiAPI publishes no figure): 30 minutes is a 600-frame
 * clip at 3 s a frame. A task still running then is not lost: the item names it, and Get Task collects it later.
 */
const DEFAULT_WAIT_TIMEOUT_S = 1800;

const properties: INodeProperties[] = [
	{
		displayName:
			'Puts the face(s) of a photo into an MP4 video (PiAPI’s Unified Task API). PiAPI charges by the number of frames: the output gives the frames and duration of the target video whenever the node could read them.',
		name: 'videoNotice',
		type: 'notice',
		default: '',
	},
	...videoSourceProperties,
	...imageSourceProperties('swap', 'The picture with the face(s) to put into the video'),
	...faceIndexProperties('target video'),
	waitForCompletionProperty,
	// No API field here (video is unified only), so the wait method shows whenever the node waits.
	{ ...waitMethodProperty, displayOptions: whileWaiting },
	...resultOutputWhileWaiting('Video'),
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
			...videoPollIntervalOptions,
			// No Check Balance First: PiAPI's price per frame is not confirmed, so the node cannot price a run.
			maxTasksPerExecutionOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['swapVideoFaces'] } }, properties);

/** Each item creates one billed task (see the router's cost guards). */
export const createsTasks = true;

export async function execute(this: IExecuteFunctions, itemIndex: number, signal?: AbortSignal): Promise<INodeExecutionData> {
	return await runTask(this, await planTask.call(this, itemIndex, signal), itemIndex, signal);
}

/** Reads and checks the item's input exactly as execute does, sending nothing (see the router). */
export async function checkInput(this: IExecuteFunctions, itemIndex: number): Promise<void> {
	await readVideoSwapInput(this, itemIndex);
}

/**
 * The item's task, ready to be created (also by Wait Method "Until PiAPI Calls Back"). PiAPI takes the video by URL
 * only, so a video given as bytes is uploaded through PiAPI's file upload first; it is checked before that.
 */
export async function planTask(this: IExecuteFunctions, itemIndex: number, signal?: AbortSignal): Promise<TaskPlan> {
	const { target, request, plan } = await readVideoSwapInput(this, itemIndex);
	const targetVideo =
		'url' in target ? target.url : await uploadFile(this, { fileName: 'target.mp4', bytes: target.bytes, itemIndex, signal });
	return { ...plan, request: { ...request, targetVideo } };
}

/** The item's parameters, all checked; the request's target video is the URL given, or empty until the upload. */
async function readVideoSwapInput(ctx: IExecuteFunctions, itemIndex: number) {
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const result = wait ? readResultOptions(ctx, itemIndex) : undefined;
	const target = await readVideoInput(ctx, itemIndex);
	const request: VideoSwapRequest = {
		kind: 'video',
		swapImage: await readImageInput(ctx, 'swap', itemIndex),
		targetVideo: 'url' in target ? target.url : '',
		swapFacesIndex: readFaceIndices(ctx, 'swapFacesIndex', 'Swap Faces Index', itemIndex),
		targetFacesIndex: readFaceIndices(ctx, 'targetFacesIndex', 'Target Faces Index', itemIndex),
		...readTaskConfig(ctx, itemIndex, options, true),
	};
	const timeoutMs = readWaitTimeoutMs(ctx, itemIndex, options, DEFAULT_WAIT_TIMEOUT_S);
	const schedule = wait ? readPollSchedule(ctx, itemIndex, VIDEO_POLL_SCHEDULE) : undefined;
	const plan: Omit<TaskPlan, 'request'> = { api: 'unified', result, timeoutMs, schedule, json: targetVideoJson(target) };
	return { target, request, plan };
}

/**
 * The target video's frames and duration, to follow cost (PiAPI charges by the frame), when the node read the file;
 * they take the place of what PiAPI's usage says (see taskJson). A URL is not downloaded: PiAPI's figures only.
 */
function targetVideoJson(target: TargetVideo): IDataObject {
	return 'url' in target ? {} : { frames: target.info.frames, durationS: target.info.durationS };
}
