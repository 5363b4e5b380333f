import { sleep } from 'n8n-workflow';

/** Thrown when the execution was cancelled while the node was waiting. */
export class CancelledError extends Error {
	constructor() {
		super('The execution was canceled');
	}
}

/** Thrown when a retry would end after the caller's deadline (ApiCall.retryUntil): the caller reports its own timeout. */
export class DeadlineReachedError extends Error {
	constructor() {
		super('The deadline was reached');
	}
}

// A request sent just before a deadline still gets a fair chance to be answered.
const MIN_REQUEST_TIMEOUT_MS = 5000;

/** A request's timeout: the normal one, or near the deadline what is left of it (at least 5 s), never longer. */
export function requestTimeoutMs(normalMs: number, retryUntil?: number, now = Date.now()): number {
	if (retryUntil === undefined) return normalMs;
	return Math.min(normalMs, Math.max(MIN_REQUEST_TIMEOUT_MS, retryUntil - now));
}

/**
 * How long a task creation may take to be answered: the item's Wait Timeout, at least 5 s (the transport caps it at
 * its usual 60 s). An answer that never comes is a lost creation (the task may exist), so a generous wait is kept by
 * default; an item the user will not wait long for does not wait longer for its creation either.
 */
export function creationTimeoutMs(waitTimeoutMs: number): number {
	return Math.max(MIN_REQUEST_TIMEOUT_MS, waitTimeoutMs);
}

// n8n 2.x's sleep wakes up as soon as the signal aborts; n8n 1.x's ignores the signal, so the wait is cut into short
// slices and a cancelled execution stops waiting within half a second there too.
const SLEEP_SLICE_MS = 500;
// Typed for both lines: n8n-workflow 1.x declares sleep(ms) only (a second argument is simply ignored there).
const sleepFor: (ms: number, signal?: AbortSignal) => Promise<void> = sleep;

export async function sleepUnlessCancelled(ms: number, signal?: AbortSignal): Promise<void> {
	const end = Date.now() + ms;
	for (let left = ms; left > 0; left = end - Date.now()) {
		if (signal?.aborted) throw new CancelledError();
		// Rejects only when the signal aborts, which the next check turns into CancelledError.
		await sleepFor(Math.min(left, SLEEP_SLICE_MS), signal).catch(() => undefined);
	}
	if (signal?.aborted) throw new CancelledError();
}

/** Exponential backoff with full jitter, so many items retrying together do not stampede. */
export function backoffDelayMs(attempt: number, baseMs = 1000, capMs = 30_000): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Waits at least as long as PiAPI asked (Retry-After), plus up to a fifth more (at least 250 ms, at most 2 s) at
 * random: items told the same Retry-After do not all come back in the same instant and get refused again together.
 */
export function jitteredRetryAfterMs(retryAfter: number): number {
	const spread = Math.min(2000, Math.max(250, retryAfter * 0.2));
	return Math.round(retryAfter + Math.random() * spread);
}

/**
 * How long to wait before attempt `attempts + 1`: PiAPI's Retry-After (jittered) or a backoff. Before a deadline, a
 * backoff is cut short so that one last attempt comes at the deadline; a Retry-After is kept, so one that asks to wait
 * past the deadline ends the call at once (DeadlineReachedError), as does a failure at or after the deadline.
 */
export function retryWaitMs({
	retryAfterMs,
	attempts,
	retryUntil,
	now = Date.now(),
}: {
	retryAfterMs: number | undefined;
	attempts: number;
	retryUntil?: number;
	now?: number;
}): number {
	const asked = retryAfterMs !== undefined ? jitteredRetryAfterMs(retryAfterMs) : undefined;
	const wait = asked ?? backoffDelayMs(attempts - 1);
	if (retryUntil === undefined) return wait;
	const left = retryUntil - now;
	if (left <= 0 || (asked !== undefined && asked > left)) throw new DeadlineReachedError();
	return Math.min(wait, left);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	if (typeof header !== 'string' && typeof header !== 'number') return undefined;
	const text = String(header).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
