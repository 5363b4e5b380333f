import type { IBinaryData, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from './errors';
import { describeNetworkError } from './failures';
import { KeyedLimiter } from './limiter';
import { discard, readHead, type StreamBody } from './responseStream';
import { backoffDelayMs, CancelledError, jitteredRetryAfterMs, retryAfterMs, sleepUnlessCancelled } from './retry';

/** The size cap of a result image: PiAPI's results are a few MB at most, far more would be an error page or worse. */
export const MAX_RESULT_BYTES = 50 * 1024 * 1024;
/**
 * The size cap of a result video. PiAPI takes at most 600 frames of 720p: at a generous 50 Mbit/s such a clip (20 s at
 * 30 fps) is about 125 MB, a usual encode 10 to 30 MB. The file streams to disk in filesystem mode whatever its size;
 * the cap bounds what a broken answer costs, and what n8n's default (in-memory) binary mode holds.
 */
export const MAX_VIDEO_RESULT_BYTES = 200 * 1024 * 1024;
const MAX_ATTEMPTS = 4;
const DOWNLOAD_TIMEOUT_MS = 120_000;

/**
 * Downloads at once per execution (per call in a webhook that starts one). A result download takes a fraction of a
 * task's time, so two keep up with many items; and the bytes in transit become garbage that the JavaScript engine frees
 * late, so fewer downloads at once keep n8n's memory from growing with the number of results (filesystem binary mode;
 * see BENCHMARKS.md).
 */
export const MAX_DOWNLOADS_PER_EXECUTION = 2;
/**
 * Results larger than this (or of unknown size) stream one at a time per execution: their garbage is what makes
 * memory grow, while small results gain from downloading side by side.
 */
export const LARGE_RESULT_BYTES = 2 * 1024 * 1024;
const downloadSlots = new KeyedLimiter<DownloadKey>(MAX_DOWNLOADS_PER_EXECUTION);
const largeDownloadSlots = new KeyedLimiter<DownloadKey>(1);

/** What a download needs of n8n: a node execution (Swap Faces) or a webhook call (PiAPI Trigger). */
export type DownloadContext = Pick<IExecuteFunctions, 'getNode'> & {
	getExecutionId?: () => string;
	helpers: Pick<IExecuteFunctions['helpers'], 'httpRequest' | 'prepareBinaryData'>;
};

/** A file's type named from its first bytes; throws an Error whose message is for the user when the file is not wanted. */
export type FileTypeOf = (head: Buffer, contentType: string) => { mimeType: string; extension: string };

/** The first bytes `fileTypeOf` sees (all of a shorter file): enough for any signature and to show what came instead. */
export const HEAD_BYTES = 64;

export interface ResultRequest {
	url: string;
	/** The finished task the file belongs to, for messages: it is done and billed, and Get Task can show it again. */
	taskId: string;
	/** Without extension: the one of the file's type is added. */
	fileName: string;
	itemIndex: number;
	signal?: AbortSignal;
	/** Result hosts send `application/octet-stream`, no type or a wrong one: the bytes, not the header, say what it is. */
	fileTypeOf: FileTypeOf;
	/** What the result is, in messages: "image" or "video". */
	noun: string;
	/** Larger files are refused: from Content-Length before reading, or once the stream passes it. */
	maxBytes: number;
}

/**
 * Streams a result file into n8n's binary data (on disk in filesystem mode, so memory does not grow with the result).
 * Sent without credentials: result files are public and often on another host than the API.
 */
export async function downloadResult(ctx: DownloadContext, request: ResultRequest): Promise<IBinaryData> {
	return await downloadSlots.run(executionKey(ctx), async () => {
		if (request.signal?.aborted) throw new CancelledError();
		return await download(ctx, request);
	});
}

/**
 * The execution's ID, or the call's own context where there is none: in a webhook call that starts an execution (the
 * PiAPI Trigger) n8n gives no execution ID, and one shared queue would make each callback's download, and so the saving
 * of its repeat memory, wait for the others'. A call's context is its own (n8n makes one per request).
 */
type DownloadKey = string | DownloadContext;
const executionKey = (ctx: DownloadContext): DownloadKey => ctx.getExecutionId?.() || ctx;

/** Whether a result streams alone: it is large, or its size is unknown (no Content-Length). */
export function streamsAlone(headers: Record<string, unknown>): boolean {
	const length = Number(headers['content-length'] ?? NaN);
	return !(Number.isFinite(length) && length <= LARGE_RESULT_BYTES);
}

/** Streams a result that streamsAlone only when no other such result of the execution is streaming. */
async function inTurn<T>(ctx: DownloadContext, headers: Record<string, unknown>, store: () => Promise<T>): Promise<T> {
	return streamsAlone(headers) ? await largeDownloadSlots.run(executionKey(ctx), store) : await store();
}

async function download(ctx: DownloadContext, request: ResultRequest): Promise<IBinaryData> {
	const { url, itemIndex } = request;
	if (!/^https?:\/\//i.test(url)) {
		throw new NodeOperationError(ctx.getNode(), `PiAPI returned a result URL that is not http(s): ${url}`, { itemIndex });
	}
	for (let attempt = 1; ; attempt++) {
		let response: { statusCode: number; headers: Record<string, unknown>; body: StreamBody };
		let failure: HostFailure;
		try {
			response = await ctx.helpers.httpRequest({
				url,
				method: 'GET',
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: DOWNLOAD_TIMEOUT_MS,
			});
			if (response.statusCode >= 200 && response.statusCode < 300) {
				const ok = response;
				return await inTurn(ctx, ok.headers, async () => {
					if (request.signal?.aborted) {
						discard(ok.body);
						throw new CancelledError();
					}
					return await storeFile(ctx, request, ok);
				});
			}
			discard(response.body);
			failure = hostRefusal(response.statusCode, retryAfterMs(response.headers['retry-after']));
		} catch (error) {
			if (error instanceof NodeOperationError) throw asNodeError(ctx.getNode(), error, itemIndex);
			failure = hostUnreachable(error);
		}
		if (failure.retry === 'never' || attempt >= MAX_ATTEMPTS) {
			throw new NodeApiError(ctx.getNode(), failure.response, {
				message: `Could not download the result ${request.noun} of task ${request.taskId}: ${failure.message}`,
				description: `${failure.description ? `${failure.description}. ` : ''}${AFTER_A_REFUSAL} URL: ${url}`,
				httpCode: failure.httpCode,
				itemIndex,
			});
		}
		const wait =
			failure.retryAfterMs !== undefined ? jitteredRetryAfterMs(failure.retryAfterMs) : backoffDelayMs(attempt - 1);
		await sleepUnlessCancelled(wait, request.signal);
	}
}

/** What to do about a failed download: the task is done and billed, only the file did not come. */
const AFTER_A_REFUSAL =
	"PiAPI's result links expire (PiAPI keeps results for a few days): Get Task with this task ID shows the task and its current result, and downloads it again.";

interface HostFailure {
	message: string;
	description?: string;
	httpCode?: string;
	retry: 'retry' | 'never';
	retryAfterMs?: number;
	response: JsonObject;
}

/**
 * The result host's answer other than 2xx. It is not PiAPI's API and never gets the API key, so a 401 or 403 says
 * nothing about the key (an expired or withdrawn link, more likely). Rate limits and server errors are retried.
 */
function hostRefusal(statusCode: number, retryAfter: number | undefined): HostFailure {
	const retry = statusCode === 408 || statusCode === 429 || statusCode >= 500 ? 'retry' : 'never';
	const after = retry === 'retry' ? ` (after ${MAX_ATTEMPTS} tries)` : "; PiAPI's result links expire, Get Task shows the task again";
	return {
		message: `the result host answered HTTP ${statusCode}${after}`,
		httpCode: String(statusCode),
		retry,
		retryAfterMs: retryAfter,
		response: { statusCode },
	};
}

function hostUnreachable(error: unknown): HostFailure {
	const failure = describeNetworkError(error);
	const problem = failure.message.replace(/^Could not reach PiAPI: /, '');
	return {
		message: `could not reach the result host (${problem})`,
		description: failure.description,
		retry: failure.retry === 'never' ? 'never' : 'retry',
		response: failure.response,
	};
}

async function storeFile(
	ctx: DownloadContext,
	{ fileName, itemIndex, url, fileTypeOf, noun, maxBytes }: ResultRequest,
	{ headers, body }: { headers: Record<string, unknown>; body: StreamBody },
): Promise<IBinaryData> {
	const declaredLength = Number(headers['content-length']);
	const refuse = (reason: string) => {
		discard(body);
		return new NodeOperationError(ctx.getNode(), `The result ${noun} at ${url} ${reason}`, { itemIndex });
	};
	const brokeOff = (error: unknown) =>
		new NodeOperationError(ctx.getNode(), `The result ${noun} download from ${url} broke off`, {
			itemIndex,
			description: error instanceof Error ? error.message : String(error),
		});
	if (declaredLength > maxBytes) throw refuse(`is ${declaredLength} bytes, over the ${maxBytes}-byte limit`);

	let head: Buffer;
	let fileType: ReturnType<FileTypeOf>;
	try {
		head = await readHead(body, HEAD_BYTES);
	} catch (error) {
		discard(body);
		throw brokeOff(error);
	}
	try {
		fileType = fileTypeOf(head, String(headers['content-type'] ?? '').trim());
	} catch (error) {
		discard(body);
		throw asNodeError(ctx.getNode(), error, itemIndex);
	}
	const name = `${fileName}.${fileType.extension}`;
	// A file that ended with its first chunk is all in `head` (and bytes put back after the end would be lost).
	if (body.readableEnded) return await ctx.helpers.prepareBinaryData(head, name, fileType.mimeType);
	body.unshift(head);

	// A server that sends no length (chunked) is counted as it streams: reading stops once the limit is passed.
	let received = 0;
	const counted = body.map((chunk) => {
		received += chunk.length;
		if (received > maxBytes) throw new Error('over the limit');
		return chunk;
	});
	try {
		return await ctx.helpers.prepareBinaryData(counted, name, fileType.mimeType);
	} catch (error) {
		if (received > maxBytes) {
			throw refuse(`is over the ${maxBytes}-byte limit (sent without a length: the download was stopped after ${received} bytes)`);
		}
		throw brokeOff(error);
	}
}
