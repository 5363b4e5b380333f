import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { requestTimeoutMs, retryAfterMs, retryWaitMs, sleepUnlessCancelled } from './retry';
import { describeFailure, describeNetworkError, type Failure } from './failures';

export const CREDENTIAL_TYPE = 'piApi';
export const DEFAULT_BASE_URL = 'https://api.piapi.ai';
/** PiAPI's file upload lives on its own host (the credential's Upload URL). */
export const DEFAULT_UPLOAD_URL = 'https://upload.theapi.app';

/**
 * Reads may be repeated freely. A task creation is repeated only when PiAPI cannot have made the task
 * (429, connection refused): repeating it otherwise could charge the user twice, so the item fails with an error
 * that says a task may exist (lostCreationError). 'once' is the same rule for other requests that act (cancel).
 */
export type RetryPolicy = 'idempotent' | 'create' | 'once';

export interface ApiCall {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	itemIndex: number;
	retry: RetryPolicy;
	/** Which of the credential's hosts serves the path: the API (Base URL, the default) or the file upload (Upload URL). */
	host?: 'api' | 'upload';
	signal?: AbortSignal;
	/**
	 * Let the request complete even when the execution is cancelled meanwhile. n8n aborts a cancelled execution's
	 * requests, but an aborted task creation may still have created a task the node then cannot cancel, and the
	 * cancellation of a queued task is the one request worth sending after a stop: both save the user money.
	 */
	evenIfCancelled?: boolean;
	/**
	 * A deadline (ms since epoch) for polls: no retry after it (DeadlineReachedError instead; see retryWaitMs), and a
	 * request sent near it gets a shorter timeout. Creations and downloads have none.
	 */
	retryUntil?: number;
	/** The longest wait for an answer (ms); never more than the usual 60 s. */
	timeoutMs?: number;
	/**
	 * How to wait before retrying after a 429 without Retry-After (instead of sleeping the backoff): the execution's
	 * pacer also ends the wait as soon as one of its tasks finishes and so frees a slot (it then resolves true, and
	 * that retry is not counted as one of the attempts: a slot was free, another request may just have taken it).
	 */
	rateLimitWait?: (waitMs: number) => Promise<boolean>;
}

const MAX_ATTEMPTS = 4;
// A 429 means PiAPI did nothing, and many items of one execution share the account's limit: it gets a longer
// allowance (about three minutes of backing off) before the item fails.
const MAX_RATE_LIMITED_ATTEMPTS = 12;
const REQUEST_TIMEOUT_MS = 60_000;
const MAX_RETRY_WAIT_MS = 60_000;

/** Sends one call to PiAPI and returns its JSON envelope, or throws a NodeApiError that says what went wrong. */
export async function apiRequest(ctx: IExecuteFunctions, call: ApiCall): Promise<IDataObject> {
	const baseUrl = await getBaseUrl(ctx, call.itemIndex, call.host ?? 'api');
	let failed = 0;
	let rateLimited = 0;
	for (;;) {
		const sentAt = new Date();
		const result = await send(ctx, baseUrl, call);
		if (!('failure' in result)) return result.envelope;

		const { failure } = result;
		// PiAPI may have acted on the request (a 5xx, a dropped connection, a timeout, an unreadable answer).
		if (failure.retry === 'idempotent' && call.retry === 'create') throw lostCreationError(ctx, call, failure, sentAt);
		const isRateLimit = failure.httpCode === '429';
		const attempts = isRateLimit ? ++rateLimited : ++failed;
		const mayRetry = failure.retry === 'always' || (failure.retry === 'idempotent' && call.retry === 'idempotent');
		if (!mayRetry || attempts >= (isRateLimit ? MAX_RATE_LIMITED_ATTEMPTS : MAX_ATTEMPTS)) {
			throw new NodeApiError(ctx.getNode(), failure.response, {
				message: failure.message,
				description: failure.description,
				httpCode: failure.httpCode,
				itemIndex: call.itemIndex,
			});
		}
		const planned = retryWaitMs({ retryAfterMs: failure.retryAfterMs, attempts, retryUntil: call.retryUntil });
		const wait = Math.min(planned, MAX_RETRY_WAIT_MS);
		if (isRateLimit && failure.retryAfterMs === undefined && call.rateLimitWait) {
			if (await call.rateLimitWait(wait)) rateLimited--;
		} else {
			await sleepUnlessCancelled(wait, call.signal);
		}
	}
}

async function send(
	ctx: IExecuteFunctions,
	baseUrl: string,
	call: ApiCall,
): Promise<{ envelope: IDataObject } | { failure: Failure }> {
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		const requester = call.evenIfCancelled ? withoutCancelSignal(ctx) : ctx;
		response = await ctx.helpers.httpRequestWithAuthentication.call(requester, CREDENTIAL_TYPE, {
			method: call.method,
			url: `${baseUrl}${call.path}`,
			body: call.body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: requestTimeoutMs(Math.min(REQUEST_TIMEOUT_MS, call.timeoutMs ?? REQUEST_TIMEOUT_MS), call.retryUntil),
		});
	} catch (error) {
		return { failure: describeNetworkError(error) };
	}

	const envelope = parseJson(response.body);
	const failure = describeFailure({
		statusCode: response.statusCode,
		envelope,
		rawBody: response.body,
		retryAfterMs: retryAfterMs(response.headers?.['retry-after']),
	});
	if (failure) return { failure };
	return { envelope: envelope as IDataObject };
}

/**
 * A creation whose answer was lost: the task may exist and be billed, so the creation is not sent again; the error
 * says how to find the task (PiAPI's task list, the time the request was sent) and keeps the cause.
 */
function lostCreationError(ctx: IExecuteFunctions, call: ApiCall, failure: Failure, sentAt: Date): NodeApiError {
	const at = sentAt.toISOString().replace(/\.\d+Z$/, 'Z');
	return new NodeApiError(ctx.getNode(), { ...failure.response, sentAt: at }, {
		message: `PiAPI may have created (and billed) a task, but its answer was lost: ${failure.message}`,
		description:
			`The creation was not sent again, so PiAPI made at most one task for this item. Look in your PiAPI task list ` +
			`for a task created at about ${at} (UTC, when the request was sent); if it is there, collect its result with ` +
			`Get Task and its task ID instead of running this item again.` +
			(failure.description ? ` Cause: ${failure.description}` : ''),
		httpCode: failure.httpCode,
		itemIndex: call.itemIndex,
	});
}

/**
 * The context minus its cancel signal: n8n ties a request to the signal only when the calling context has
 * getExecutionCancelSignal. Everything else the request helper uses is passed through.
 */
function withoutCancelSignal(ctx: IExecuteFunctions): IExecuteFunctions {
	const detached: Pick<IExecuteFunctions, 'getCredentials' | 'getNode' | 'helpers' | 'logger'> = {
		getCredentials: ctx.getCredentials.bind(ctx),
		getNode: ctx.getNode.bind(ctx),
		helpers: ctx.helpers,
		logger: ctx.logger,
	};
	return detached as IExecuteFunctions;
}

function parseJson(body: unknown): unknown {
	if (typeof body !== 'string') return Buffer.isBuffer(body) ? parseJson(body.toString('utf8')) : body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return undefined;
	}
}

const HOSTS = {
	api: { field: 'baseUrl', label: 'Base URL', fallback: DEFAULT_BASE_URL },
	upload: { field: 'uploadUrl', label: 'Upload URL', fallback: DEFAULT_UPLOAD_URL },
} as const;

/** The credential's URL for the host; an empty field (or one a credential saved before it existed lacks) is the default. */
async function getBaseUrl(ctx: IExecuteFunctions, itemIndex: number, host: 'api' | 'upload'): Promise<string> {
	const { field, label, fallback } = HOSTS[host];
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const value = credentials[field];
	const raw = typeof value === 'string' && value.trim() ? value : fallback;
	const baseUrl = raw.trim().replace(/\/+$/, '');
	if (!/^https?:\/\/[^/\s]+/i.test(baseUrl)) {
		throw new NodeOperationError(ctx.getNode(), `The ${label} "${baseUrl}" in the PiAPI API credential is not an http(s) URL`, {
			itemIndex,
		});
	}
	return baseUrl;
}
