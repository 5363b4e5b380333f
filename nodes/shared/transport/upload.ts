import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiRequest } from './index';
import { isObject } from './failures';

export interface Upload {
	/** With the extension PiAPI needs to see (e.g. "target.mp4"). */
	fileName: string;
	bytes: Buffer;
	itemIndex: number;
	signal?: AbortSignal;
}

/**
 * Uploads a file through PiAPI's file upload (POST {Upload URL}/api/ephemeral_resource) and returns its public URL,
 * which PiAPI keeps for 24 hours: how a file that PiAPI only takes by URL (a video) reaches a task. Uploads create no
 * task and cost nothing, so a failed one is retried like a read (at worst a second copy expires unused).
 */
export async function uploadFile(ctx: IExecuteFunctions, { fileName, bytes, itemIndex, signal }: Upload): Promise<string> {
	let envelope: IDataObject;
	try {
		envelope = await apiRequest(ctx, {
			host: 'upload',
			method: 'POST',
			path: '/api/ephemeral_resource',
			body: { file_name: fileName, file_data: bytes.toString('base64') },
			retry: 'idempotent',
			itemIndex,
			signal,
		});
	} catch (error) {
		throw isPlanRefusal(error) ? planError(ctx, itemIndex) : error;
	}
	const url = uploadedUrlOf(envelope);
	if (url) return url;
	throw new NodeApiError(ctx.getNode(), { message: 'no url in the answer of /api/ephemeral_resource' }, {
		message: 'PiAPI’s file upload answered without the file’s URL; no task was created',
		description: 'Try again later, or give the file as a public URL instead.',
		itemIndex,
	});
}

/** The URL in the upload's answer: `data.url` (PiAPI's docs) or a top-level `url` (what PiAPI's CLI reads). */
export function uploadedUrlOf(envelope: IDataObject): string | undefined {
	const data = isObject(envelope.data) ? envelope.data : {};
	return [data.url, envelope.url].find((url): url is string => typeof url === 'string' && /^https?:\/\/\S+$/i.test(url.trim()))?.trim();
}

/** PiAPI allows uploads from the Creator plan up: 403 `{"code":403,"message":"Insufficient plan level"}`. */
function isPlanRefusal(error: unknown): boolean {
	// The transport's description of a 4xx carries PiAPI's own message ("PiAPI said: …").
	return error instanceof NodeApiError && error.httpCode === '403' && /plan level/i.test(error.description ?? '');
}

function planError(ctx: IExecuteFunctions, itemIndex: number): NodeApiError {
	return new NodeApiError(ctx.getNode(), { statusCode: 403, message: 'Insufficient plan level' }, {
		message: 'PiAPI’s file upload needs the Creator plan or higher (HTTP 403: Insufficient plan level); no task was created',
		description:
			'A video from binary data or base64 is uploaded to PiAPI first, because PiAPI takes videos only by URL. Upgrade the PiAPI plan, or give the video as a public URL (Target Video Source: URL).',
		httpCode: '403',
		itemIndex,
	});
}
