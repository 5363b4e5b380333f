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
	/** 'video' for a video face swap task (Qubico/video-toolkit); image tasks leave it out. */
	kind?: 'video';
	/** The result of a video task; a video task has no image fields. */
	videoUrl?: string;
	errorMessage?: string;
	model?: string;
	taskType?: string;
	createdAt?: string;
	startedAt?: string;
	endedAt?: string;
	usage?: IDataObject;
}

/** A face swap between two images (both APIs). */
export interface SwapRequest {
	kind: 'image';
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

/** A face from an image swapped into an MP4 video (unified API only: PiAPI takes the video by URL). */
export interface VideoSwapRequest {
	kind: 'video';
	/** http(s) URL or plain base64. */
	swapImage: string;
	/** http(s) URL of an MP4 (an uploaded file's URL when the user gave the bytes). */
	targetVideo: string;
	targetFacesIndex: string;
	swapFacesIndex: string;
	webhook?: { endpoint: string; secret?: string };
	serviceMode?: 'public' | 'private';
}

/** Whatever a task is created from; the flavour turns it into its own request. */
export type TaskRequest = SwapRequest | VideoSwapRequest;

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
	/** Refuses (sends nothing) a request the flavour cannot run, e.g. a video on the legacy API. */
	create(request: TaskRequest, context: CallContext): Promise<TaskSnapshot>;
	get(taskId: string, context: CallContext): Promise<TaskSnapshot>;
	/** Undefined where the flavour has no way to cancel. */
	cancel?(taskId: string, context: CallContext): Promise<TaskSnapshot>;
}

export function isFinal(snapshot: TaskSnapshot): boolean {
	return FINAL_STATUSES.has(snapshot.status);
}
