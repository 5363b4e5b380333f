import { sleep } from 'n8n-workflow';

/** Thrown when the execution was cancelled while the node was waiting. */
export class CancelledError extends Error {
	constructor() {
		super('The execution was canceled');
	}
}

// Short slices so a cancelled execution stops waiting within half a second.
const SLEEP_SLICE_MS = 500;

export async function sleepUnlessCancelled(ms: number, signal?: AbortSignal): Promise<void> {
	const end = Date.now() + ms;
	for (let left = ms; left > 0; left = end - Date.now()) {
		if (signal?.aborted) throw new CancelledError();
		await sleep(Math.min(left, SLEEP_SLICE_MS));
	}
	if (signal?.aborted) throw new CancelledError();
}

/** Exponential backoff with full jitter, so many items retrying together do not stampede. */
export function backoffDelayMs(attempt: number, baseMs = 1000, capMs = 30_000): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	if (typeof header !== 'string' && typeof header !== 'number') return undefined;
	const text = String(header).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
