import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { TaskSnapshot } from './transport/flavours';
import { IMAGE_FACE_SWAP_PRICE_USD } from './cost';
import { downloadResultImage, type DownloadContext, type FileTypeOf } from './transport/download';
import { ImageInputError, readImageInfo } from '../PiApiMultiFaceSwap/helpers/image';
import { formatFileType } from './formats/bytes';
import { imageFormatOf } from './formats/index';
import { printableStart } from './formats/sniff';
import { asNodeError, withTaskId } from './transport/errors';

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
		const fileTypeOf = resultFileType(ctx, snapshot, itemIndex);
		const binary = await downloadResultImage(ctx, { url: snapshot.imageUrl, fileName, itemIndex, signal, fileTypeOf });
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

/**
 * The type of a downloaded result, from its first bytes: result hosts send `application/octet-stream`, no type or a
 * wrong one. Anything but PNG, JPEG or WebP (e.g. an error page sent with status 200) fails the item, showing what came.
 */
function resultFileType(ctx: DownloadContext, snapshot: TaskSnapshot, itemIndex: number): FileTypeOf {
	return (head, contentType) => {
		const format = imageFormatOf(head);
		if (format) return formatFileType(format);
		const sent = contentType ? `content type "${contentType}"` : 'no content type';
		throw withTaskId(
			new NodeOperationError(
				ctx.getNode(),
				`The result of task ${snapshot.taskId} is not an image: the file at its URL starts with ${printableStart(head)} (${sent})`,
				{
					description: `Result URL: ${snapshot.imageUrl}. Get Task with this task ID shows the task again; PiAPI keeps results for a few days.`,
					itemIndex,
				},
			),
			snapshot.taskId,
		);
	};
}
