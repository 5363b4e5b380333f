import type { IDataObject } from 'n8n-workflow';

/** PiAPI's two ways to run a face swap: the unified task API and the original face-swap endpoints. */
export type ApiFlavour = 'unified' | 'legacy';

export type TaskStatus = 'pending' | 'staged' | 'processing' | 'completed' | 'failed' | 'cancelled';

export const FINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

/** One task as both APIs report it, normalised: lowercase status, one place for the result and the error. */
export interface TaskSnapshot {
	api: ApiFlavour;
	taskId: string;
	/** A known TaskStatus, or PiAPI's own word (lowercased) when it is new to us. */
	status: TaskStatus | string;
	imageUrl?: string;
	imageBase64?: string;
	errorMessage?: string;
	model?: string;
	taskType?: string;
	createdAt?: string;
	startedAt?: string;
	endedAt?: string;
	usage?: IDataObject;
}

export interface SwapRequest {
	/** http(s) URL or plain base64. */
	targetImage: string;
	swapImage: string;
	targetFacesIndex: string;
	swapFacesIndex: string;
	/** Ask for the result as base64 instead of a URL (only the legacy API lets the caller choose). */
	preferBase64Result: boolean;
	webhook?: { endpoint: string; secret?: string };
	serviceMode?: 'public' | 'private';
}

export interface CallContext {
	itemIndex: number;
	signal?: AbortSignal;
	/** See ApiCall.evenIfCancelled. */
	evenIfCancelled?: boolean;
	/** See ApiCall.retryUntil. */
	retryUntil?: number;
	/** See ApiCall.timeoutMs. */
	timeoutMs?: number;
	/** See ApiCall.rateLimitWait. */
	rateLimitWait?: (waitMs: number) => Promise<boolean>;
}

/** What the operations see of PiAPI, whichever API flavour is behind it. */
export interface TaskClient {
	readonly api: ApiFlavour;
	create(request: SwapRequest, context: CallContext): Promise<TaskSnapshot>;
	get(taskId: string, context: CallContext): Promise<TaskSnapshot>;
	/** Undefined where the flavour has no way to cancel. */
	cancel?(taskId: string, context: CallContext): Promise<TaskSnapshot>;
}

export function isFinal(snapshot: TaskSnapshot): boolean {
	return FINAL_STATUSES.has(snapshot.status);
}
