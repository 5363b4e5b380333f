import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { TaskSnapshot } from '../transport/flavours';
import { IMAGE_FACE_SWAP_PRICE_USD } from './cost';
import { downloadResultImage, type DownloadContext } from '../transport/download';
import { ImageInputError, readImageInfo } from './image';
import { asNodeError, withTaskId } from '../transport/errors';

export type OutputFormat = 'binary' | 'url';

export interface ResultOptions {
	output: OutputFormat;
	binaryProperty: string;
	itemIndex: number;
	signal?: AbortSignal;
}

/** The task as the node reports it in JSON: always useful on its own, e.g. for an AI agent that cannot take binary. */
export function taskJson(snapshot: TaskSnapshot): IDataObject {
	const json: IDataObject = {
		taskId: snapshot.taskId,
		status: snapshot.status,
		api: snapshot.api,
		imageUrl: snapshot.imageUrl,
		error: snapshot.errorMessage,
		model: snapshot.model,
		taskType: snapshot.taskType,
		createdAt: snapshot.createdAt,
		startedAt: snapshot.startedAt,
		endedAt: snapshot.endedAt,
		usage: snapshot.usage,
		// PiAPI's published price, not a conversion of usage (PiAPI publishes no rate for its points): see cost.ts.
		costUsd: snapshot.status === 'completed' ? IMAGE_FACE_SWAP_PRICE_USD : undefined,
	};
	for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
	return json;
}

/**
 * The output item of a completed task. Binary output downloads a URL result or decodes a base64 one; URL output
 * still carries the image as binary when PiAPI gave no URL, so the result is never lost.
 */
export async function resultItem(
	ctx: DownloadContext,
	snapshot: TaskSnapshot,
	{ output, binaryProperty, itemIndex, signal }: ResultOptions,
): Promise<INodeExecutionData> {
	const json = taskJson(snapshot);
	const fileName = `piapi-faceswap-${snapshot.taskId}`;
	if (snapshot.imageBase64 && (output === 'binary' || !snapshot.imageUrl)) {
		const bytes = Buffer.from(snapshot.imageBase64.replace(/^data:[^,]*,/, ''), 'base64');
		const info = resultImageInfo(ctx, bytes, snapshot, itemIndex);
		const binary = await ctx.helpers.prepareBinaryData(bytes, `${fileName}.${info.extension}`, info.mimeType);
		return { json, binary: { [binaryProperty]: binary } };
	}
	if (!snapshot.imageUrl) {
		throw withTaskId(
			new NodeApiError(ctx.getNode(), { status: snapshot.status }, {
				message: `PiAPI reported task ${snapshot.taskId} as completed but gave no result image`,
				itemIndex,
			}),
			snapshot.taskId,
		);
	}
	if (output === 'url') return { json };
	try {
		const binary = await downloadResultImage(ctx, { url: snapshot.imageUrl, fileName, itemIndex, signal });
		return { json, binary: { [binaryProperty]: binary } };
	} catch (error) {
		// The task is done and paid for: its ID lets Get Task fetch the result again later.
		throw withTaskId(asNodeError(ctx.getNode(), error, itemIndex), snapshot.taskId);
	}
}

function resultImageInfo(ctx: DownloadContext, bytes: Buffer, snapshot: TaskSnapshot, itemIndex: number) {
	try {
		return readImageInfo(bytes);
	} catch (error) {
		if (!(error instanceof ImageInputError)) throw asNodeError(ctx.getNode(), error, itemIndex);
		throw withTaskId(
			new NodeApiError(ctx.getNode(), { status: snapshot.status }, {
				message: `PiAPI returned a result for task ${snapshot.taskId} that is not a readable image`,
				description: error.message,
				itemIndex,
			}),
			snapshot.taskId,
		);
	}
}
