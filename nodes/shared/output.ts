import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { TaskSnapshot } from './transport/flavours';
import { IMAGE_FACE_SWAP_PRICE_USD } from './cost';
import { downloadResult, MAX_RESULT_BYTES, MAX_VIDEO_RESULT_BYTES, type DownloadContext } from './transport/download';
import { formatFileType, ImageInputError } from './formats/bytes';
import { imageFormatOf, readImageInfo } from './formats/index';
import { isMp4Signature } from './formats/mp4';
import { printableStart } from './formats/sniff';
import { asNodeError, withTaskId } from './transport/errors';

export type OutputFormat = 'binary' | 'url';

export interface ResultOptions {
	output: OutputFormat;
	binaryProperty: string;
	itemIndex: number;
	signal?: AbortSignal;
}

/** A kind of result file: its name in messages, its size cap, and its type read from its first bytes. */
interface ResultKind {
	noun: 'image' | 'video';
	/** "is not …" when the bytes are something else. */
	expected: string;
	maxBytes: number;
	typeOf(head: Buffer): { mimeType: string; extension: string } | undefined;
}

const IMAGE_RESULT: ResultKind = {
	noun: 'image',
	expected: 'an image',
	maxBytes: MAX_RESULT_BYTES,
	typeOf: (head) => {
		const format = imageFormatOf(head);
		return format && formatFileType(format);
	},
};

const VIDEO_RESULT: ResultKind = {
	noun: 'video',
	expected: 'an MP4 video',
	maxBytes: MAX_VIDEO_RESULT_BYTES,
	typeOf: (head) => (isMp4Signature(head) ? { mimeType: 'video/mp4', extension: 'mp4' } : undefined),
};

/** The task as the node reports it in JSON: always useful on its own, e.g. for an AI agent that cannot take binary. */
export function taskJson(snapshot: TaskSnapshot): IDataObject {
	const json: IDataObject = {
		taskId: snapshot.taskId,
		status: snapshot.status,
		api: snapshot.api,
		imageUrl: snapshot.imageUrl,
		videoUrl: snapshot.videoUrl,
		error: snapshot.errorMessage,
		model: snapshot.model,
		taskType: snapshot.taskType,
		createdAt: snapshot.createdAt,
		startedAt: snapshot.startedAt,
		endedAt: snapshot.endedAt,
		usage: snapshot.usage,
		// PiAPI's published price, not a conversion of usage (PiAPI publishes no rate for its points): see cost.ts.
		// A video is priced per frame at a rate PiAPI has not confirmed: no figure rather than an invented one.
		costUsd: snapshot.status === 'completed' && snapshot.kind !== 'video' ? IMAGE_FACE_SWAP_PRICE_USD : undefined,
		...(snapshot.kind === 'video' ? videoFigures(snapshot.usage) : {}),
	};
	for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
	return json;
}

/**
 * What a video task's usage says of the video PiAPI processed (PiAPI charges by the frame): `frames` and `duration`
 * (seconds) when it gives them as numbers. Their names are a guess (PiAPI publishes no video usage); the operation
 * replaces them with the figures it read from the video itself when it had the bytes.
 */
function videoFigures(usage: IDataObject | undefined): IDataObject {
	const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
	return { frames: number(usage?.frames), durationS: number(usage?.duration) };
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
	const kind = snapshot.kind === 'video' ? VIDEO_RESULT : IMAGE_RESULT;
	const url = kind === VIDEO_RESULT ? snapshot.videoUrl : snapshot.imageUrl;
	if (kind === IMAGE_RESULT && snapshot.imageBase64 && (output === 'binary' || !url)) {
		const bytes = Buffer.from(snapshot.imageBase64.replace(/^data:[^,]*,/, ''), 'base64');
		const info = resultImageInfo(ctx, bytes, snapshot, itemIndex);
		const binary = await ctx.helpers.prepareBinaryData(bytes, `${fileName}.${info.extension}`, info.mimeType);
		return { json, binary: { [binaryProperty]: binary } };
	}
	if (!url) {
		throw withTaskId(
			new NodeApiError(ctx.getNode(), { status: snapshot.status }, {
				message: `PiAPI reported task ${snapshot.taskId} as completed but gave no result ${kind.noun}`,
				itemIndex,
			}),
			snapshot.taskId,
		);
	}
	if (output === 'url') return { json };
	try {
		const fileTypeOf = resultFileType(ctx, snapshot, url, kind, itemIndex);
		const { noun, maxBytes } = kind;
		const { taskId } = snapshot;
		const binary = await downloadResult(ctx, { url, taskId, fileName, itemIndex, signal, fileTypeOf, noun, maxBytes });
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
 * wrong one. Anything but the kind's formats (e.g. an error page sent with status 200) fails the item, showing what came.
 */
function resultFileType(ctx: DownloadContext, snapshot: TaskSnapshot, url: string, kind: ResultKind, itemIndex: number) {
	return (head: Buffer, contentType: string) => {
		const fileType = kind.typeOf(head);
		if (fileType) return fileType;
		const sent = contentType ? `content type "${contentType}"` : 'no content type';
		throw withTaskId(
			new NodeOperationError(
				ctx.getNode(),
				`The result of task ${snapshot.taskId} is not ${kind.expected}: the file at its URL starts with ${printableStart(head)} (${sent})`,
				{
					description: `Result URL: ${url}. Get Task with this task ID shows the task again; PiAPI keeps results for a few days.`,
					itemIndex,
				},
			),
			snapshot.taskId,
		);
	};
}
