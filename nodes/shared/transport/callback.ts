import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isObject } from './failures';
import type { TaskSnapshot } from './flavours/types';
import { toSnapshot } from './flavours/unified';

/** A PiAPI task callback as received: its task, or the answer already sent to a call that is not one. */
export type TaskCallback = { snapshot: TaskSnapshot; refused?: undefined } | { refused: IWebhookResponseData };

/** Answers the caller with a JSON body; n8n then sends nothing more. */
export function answerJson(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
	return { noWebhookResponse: true };
}

/**
 * Reads a callback of PiAPI's unified API: 401 without the expected `x-webhook-secret` (an empty expected secret
 * refuses every call), 400 when the body holds no task.
 */
export function readTaskCallback(ctx: IWebhookFunctions, expectedSecret: string): TaskCallback {
	const sent = ctx.getHeaderData()['x-webhook-secret'];
	if (!expectedSecret || !sameSecret(sent, expectedSecret)) {
		return { refused: answerJson(ctx, 401, { message: 'Unauthorized: wrong or missing x-webhook-secret' }) };
	}
	const body = ctx.getBodyData();
	try {
		if (isObject(body.data)) return { snapshot: toSnapshot(ctx, body.data, 0) };
	} catch {
		// no task ID: not a task callback
	}
	return { refused: answerJson(ctx, 400, { message: 'Bad request: not a PiAPI task callback' }) };
}

/**
 * Constant-time comparison, so the answer time reveals neither how much of a guess was right nor the secret's length
 * (both sides are hashed to the same length first).
 */
export function sameSecret(sent: unknown, expected: string): boolean {
	if (typeof sent !== 'string') return false;
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(sent), digest(expected));
}

/**
 * The webhook methods of a node whose callbacks PiAPI gets with each task (config.webhook_config) or from the
 * execution's resume URL: nothing is registered anywhere, so there is nothing to create, check or delete.
 */
export const NOTHING_TO_REGISTER = {
	default: {
		async checkExists(): Promise<boolean> {
			return true;
		},
		async create(): Promise<boolean> {
			return true;
		},
		async delete(): Promise<boolean> {
			return true;
		},
	},
};
