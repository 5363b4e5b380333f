import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { asNodeError, withTaskId } from '../../shared/transport/errors';
import { taskJson } from '../../shared/output';
import { readTaskId } from '../helpers/taskId';
import { taskClient } from '../../shared/transport/flavours';
import { taskIdProperty } from './common.descriptions';

const properties: INodeProperties[] = [
	{
		...taskIdProperty,
		description: 'A task of the Unified Task API that has not started yet (PiAPI cancels only pending tasks)',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['cancelTask'] } }, properties);

/** Reads and checks the item's input exactly as execute does, sending nothing (see the router). */
export async function checkInput(this: IExecuteFunctions, itemIndex: number): Promise<void> {
	readTaskId(this, itemIndex);
}

export async function execute(this: IExecuteFunctions, itemIndex: number, signal?: AbortSignal): Promise<INodeExecutionData> {
	const taskId = readTaskId(this, itemIndex);
	const client = taskClient(this, 'unified');
	try {
		return { json: taskJson(await client.cancel!(taskId, { itemIndex, signal })) };
	} catch (error) {
		if (!(error instanceof NodeApiError) || !isRefusal(error.httpCode)) throw asNodeError(this.getNode(), error, itemIndex);
		// Say why PiAPI refused: usually the task is already running or done.
		const refusal = new NodeApiError(this.getNode(), { message: error.message }, {
			message: `PiAPI refused to cancel task ${taskId}: ${error.message}`,
			description: 'Only tasks that have not started yet (status pending) can be cancelled. Use Get Task to see its status.',
			httpCode: error.httpCode ?? undefined,
			itemIndex,
		});
		throw withTaskId(refusal, taskId);
	}
}

// 4xx answers other than a rejected key or rate limiting mean PiAPI declined this cancel.
function isRefusal(httpCode: string | null): boolean {
	return !!httpCode && httpCode.startsWith('4') && !['401', '403', '429'].includes(httpCode);
}
