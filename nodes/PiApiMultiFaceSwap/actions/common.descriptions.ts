import type { INodeProperties } from 'n8n-workflow';

import type { ImageRole } from '../helpers/imageInput';

const IMAGE_TEXT: Record<ImageRole, { label: string; what: string; binaryDefault: string }> = {
	target: { label: 'Target Image', what: 'The picture whose face(s) get replaced', binaryDefault: 'data' },
	swap: { label: 'Swap Image', what: 'The picture with the face(s) to put onto the target image', binaryDefault: 'swap' },
};

/**
 * Source selector plus URL / binary / base64 fields; defined once, used for the target and the swap image.
 * `what`: the swap image's role when the target is a video.
 */
export function imageSourceProperties(role: ImageRole, what = IMAGE_TEXT[role].what): INodeProperties[] {
	const { label, binaryDefault } = IMAGE_TEXT[role];
	const showFor = (source: string) => ({ show: { [`${role}ImageSource`]: [source] } });
	return [
		{
			displayName: `${label} Source`,
			name: `${role}ImageSource`,
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'URL', value: 'url', description: 'A public http(s) link ending in .png, .jpg, .jpeg or .webp' },
				{ name: 'Binary File', value: 'binary', description: 'An image from an earlier node, e.g. HTTP Request or Google Drive' },
				{ name: 'Base64', value: 'base64', description: 'The image as base64 text or a data URI' },
			],
			default: 'url',
			description: `${what}. PNG, JPEG or WebP, at most 10 MB and 2048×2048 pixels.`,
		},
		{
			displayName: `${label} URL`,
			name: `${role}ImageUrl`,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.com/photo.jpg',
			displayOptions: showFor('url'),
		},
		{
			displayName: `${label} Binary Field`,
			name: `${role}ImageBinaryProperty`,
			type: 'string',
			default: binaryDefault,
			required: true,
			hint: 'The name of the input binary field that holds the image',
			displayOptions: showFor('binary'),
		},
		{
			displayName: `${label} Base64`,
			name: `${role}ImageBase64`,
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			required: true,
			displayOptions: showFor('base64'),
		},
	];
}

export const apiFlavourProperty: INodeProperties = {
	displayName: 'API',
	name: 'api',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Unified Task API',
			value: 'unified',
			description: 'PiAPI’s current task API (POST /api/v1/task): face indices, callbacks, cancelling',
		},
		{
			name: 'Legacy Face Swap API',
			value: 'legacy',
			description: 'The original multi-face-swap endpoint (POST /api/face_swap/v1/async)',
		},
	],
	default: 'unified',
};

export const taskIdProperty: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 90efd2db-bcfc-413f-a0be-c893850c9d68',
	description: 'The task ID that Swap Faces returned (field "taskId")',
};

type ResultNoun = 'Image' | 'Video' | 'File';

const RESULT_TEXT: Record<ResultNoun, { binary: string; url: string; result: string }> = {
	Image: { binary: 'Binary Image', url: 'Image URL', result: 'result image' },
	Video: { binary: 'Binary Video', url: 'Video URL', result: 'result video (MP4)' },
	File: { binary: 'Binary File', url: 'File URL', result: 'result image or video' },
};

/** Where the result goes; shown wherever a result can come back. `noun`: what the result is (Get Task: either). */
export function resultOutputPropertiesFor(noun: ResultNoun): INodeProperties[] {
	const { binary, url, result } = RESULT_TEXT[noun];
	const choices = [
		{ name: binary, value: 'binary', description: `Download the ${result} into a binary field` },
		{ name: url, value: 'url', description: 'Only the result URL in JSON (PiAPI’s links expire)' },
	];
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			noDataExpression: true,
			options: choices,
			default: 'binary',
		},
		{
			displayName: 'Put Output in Field',
			name: 'binaryPropertyOutput',
			type: 'string',
			default: 'data',
			hint: `The name of the output binary field to put the ${result} in`,
			displayOptions: { show: { output: ['binary'] } },
		},
	];
}

/** The target video's source selector plus URL / binary / base64 fields (Swap Faces in Video). */
export const videoSourceProperties: INodeProperties[] = [
	{
		displayName: 'Target Video Source',
		name: 'targetVideoSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'URL', value: 'url', description: 'A public http(s) link ending in .mp4' },
			{
				name: 'Binary File',
				value: 'binary',
				description: 'An MP4 from an earlier node; it is uploaded to PiAPI first (PiAPI takes videos by URL)',
			},
			{ name: 'Base64', value: 'base64', description: 'The MP4 as base64 text or a data URI; uploaded to PiAPI first' },
		],
		default: 'url',
		description:
			'The video whose face(s) get replaced. MP4, at most 10 MB, 720p and 600 frames (PiAPI charges by the frame). Uploads need PiAPI’s Creator plan or higher.',
	},
	{
		displayName: 'Target Video URL',
		name: 'targetVideoUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/clip.mp4',
		displayOptions: { show: { targetVideoSource: ['url'] } },
	},
	{
		displayName: 'Target Video Binary Field',
		name: 'targetVideoBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field that holds the video',
		displayOptions: { show: { targetVideoSource: ['binary'] } },
	},
	{
		displayName: 'Target Video Base64',
		name: 'targetVideoBase64',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		displayOptions: { show: { targetVideoSource: ['base64'] } },
	},
];
