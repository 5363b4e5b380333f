import type { INodeProperties } from 'n8n-workflow';

import * as cancelTask from './cancelTask.operation';
import * as estimateCost from './estimateCost.operation';
import * as getTask from './getTask.operation';
import * as swapFaces from './swapFaces.operation';
import * as swapVideoFaces from './swapVideoFaces.operation';

/** The operation selector (alphabetical, as n8n's linter wants; Swap Faces is the default) followed by every operation's own fields. */
export const operationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Cancel Task',
				value: 'cancelTask',
				action: 'Cancel a face swap task',
				description: 'Cancel a task that has not started yet',
			},
			{
				name: 'Estimate Cost',
				value: 'estimateCost',
				action: 'Estimate the cost of a face swap',
				description: 'Check the items as Swap Faces would and give the price and the PiAPI balance, creating no task',
			},
			{
				name: 'Get Task',
				value: 'getTask',
				action: 'Get a face swap task',
				description: 'Get the status and result of a task started earlier',
			},
			{
				name: 'Swap Faces',
				value: 'swapFaces',
				action: 'Swap faces in an image',
				description: 'Put the face(s) of one image onto the face(s) of another',
			},
			{
				name: 'Swap Faces in Video',
				value: 'swapVideoFaces',
				action: 'Swap faces in a video',
				description: 'Put the face(s) of an image into an MP4 video (PiAPI charges by the frame)',
			},
		],
		default: 'swapFaces',
	},
	...swapFaces.description,
	...swapVideoFaces.description,
	...estimateCost.description,
	...getTask.description,
	...cancelTask.description,
];
