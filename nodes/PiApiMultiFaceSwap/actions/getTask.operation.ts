import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { resultItem, taskJson } from '../../shared/output';
import { readTaskId } from '../helpers/taskId';
import { taskClient, type ApiFlavour } from '../../shared/transport/flavours';
import { apiFlavourProperty, resultOutputPropertiesFor, taskIdProperty } from './common.descriptions';
import { readResultOptions } from './result.options';
import { maxConcurrentTasksOption } from './throughput.options';

const properties: INodeProperties[] = [
	{ ...apiFlavourProperty, description: 'The API the task was created with' },
	taskIdProperty,
	...resultOutputPropertiesFor('File'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [maxConcurrentTasksOption],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['getTask'] } }, properties);

/** Reads and checks the item's input exactly as execute does, sending nothing (see the router). */
export async function checkInput(this: IExecuteFunctions, itemIndex: number): Promise<void> {
	readTaskId(this, itemIndex);
	readResultOptions(this, itemIndex);
}

/** The task's current state; a completed task comes with its result. A failed task is reported, not thrown. */
export async function execute(this: IExecuteFunctions, itemIndex: number, signal?: AbortSignal): Promise<INodeExecutionData> {
	const api = this.getNodeParameter('api', itemIndex) as ApiFlavour;
	const taskId = readTaskId(this, itemIndex);
	const result = readResultOptions(this, itemIndex);

	const snapshot = await taskClient(this, api).get(taskId, { itemIndex, signal });
	if (snapshot.status !== 'completed') return { json: taskJson(snapshot) };
	return await resultItem(this, snapshot, { ...result, itemIndex, signal });
}
