import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { withTaskId } from '../errors';
import { isObject } from '../failures';

/**
 * The `data` object of PiAPI's envelope; a clear error when it is missing. `polledTaskId`: the task a read asked
 * about (none for a creation).
 */
export function envelopeData(
	ctx: IExecuteFunctions,
	envelope: IDataObject,
	itemIndex: number,
	polledTaskId?: string,
): Record<string, unknown> {
	if (isObject(envelope.data)) return envelope.data;
	throw noTaskIdError(ctx, itemIndex, polledTaskId);
}

export function requireTaskId(
	ctx: { getNode(): INode },
	data: Record<string, unknown>,
	itemIndex: number,
	polledTaskId?: string,
): string {
	const taskId = data.task_id;
	if (typeof taskId === 'string' && taskId.trim()) return taskId.trim();
	throw noTaskIdError(ctx, itemIndex, polledTaskId);
}

/** A 200 answer without a task: after a creation the task may exist (so it is not created again); a read names its task. */
function noTaskIdError(ctx: { getNode(): INode }, itemIndex: number, polledTaskId: string | undefined): NodeApiError {
	const error = new NodeApiError(ctx.getNode(), { message: 'no task_id in response' }, {
		message: 'PiAPI answered without a task ID',
		description: polledTaskId
			? `PiAPI's answer about task ${polledTaskId} did not contain the task. Try again later with Get Task and this task ID.`
			: 'The task may or may not have been created (and billed); it was not created again. Check your PiAPI task list before trying again.',
		itemIndex,
	});
	return polledTaskId ? withTaskId(error, polledTaskId) : error;
}

export function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** PiAPI writes "0001-01-01T00:00:00Z" for times that have not happened yet. */
export function time(value: unknown): string | undefined {
	const value_ = text(value);
	return value_ && !value_.startsWith('0001-01-01') ? value_ : undefined;
}

/** Splits a result string into a URL or base64 (legacy `image` may be either; a data URI counts as base64). */
export function resultImage(value: unknown): { imageUrl?: string; imageBase64?: string } {
	const image = text(value);
	if (!image) return {};
	return /^https?:\/\//i.test(image) ? { imageUrl: image } : { imageBase64: image };
}
