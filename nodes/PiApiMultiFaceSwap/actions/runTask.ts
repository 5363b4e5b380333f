import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { resultItem, taskJson, type OutputFormat } from '../../shared/output';
import { taskClient, type ApiFlavour, type TaskRequest } from '../../shared/transport/flavours';
import { creationTimeoutMs } from '../../shared/transport/retry';
import { createPacedTask } from '../helpers/pacing';
import { cancelIfStillQueued, waitForFinalStatus, type PollSchedule } from '../helpers/polling';
import { taskNotCompletedError } from '../helpers/taskFailure';

/** One item's task, read and checked, ready to be created (Swap Faces, Swap Faces in Video). */
export interface TaskPlan {
	api: ApiFlavour;
	request: TaskRequest;
	timeoutMs: number;
	/** Set when waiting for completion: where the result goes. */
	result?: { output: OutputFormat; binaryProperty: string };
	schedule?: PollSchedule;
	/** Added to the output item's JSON (e.g. the frames of the target video). */
	json?: IDataObject;
}

/** Creates the task; when waiting, polls it to the end and returns its result, else the task at once. */
export async function runTask(
	ctx: IExecuteFunctions,
	{ api, request, timeoutMs, result, schedule, json }: TaskPlan,
	itemIndex: number,
	signal?: AbortSignal,
): Promise<INodeExecutionData> {
	const client = taskClient(ctx, api);
	const creation = { itemIndex, signal, timeoutMs: creationTimeoutMs(timeoutMs) };
	// Waiting items are paced so that PiAPI's queue holds only a few of them (see StagingPacer).
	const created = result
		? await createPacedTask(ctx, client, request, creation)
		: await client.create(request, creation);
	if (!result) {
		// Stopped while the task was being created: nobody will see its ID, so do not let it run.
		if (signal?.aborted) await cancelIfStillQueued(client, created, itemIndex);
		return { json: { ...taskJson(created), ...json } };
	}

	const final = await waitForFinalStatus(ctx, client, created, { timeoutMs, itemIndex, signal, schedule });
	if (final.status !== 'completed') throw taskNotCompletedError(ctx, final, itemIndex);
	const item = await resultItem(ctx, final, { ...result, itemIndex, signal });
	return { ...item, json: { ...item.json, ...json } };
}
