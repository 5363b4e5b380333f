// Typed HTTP helpers shared by the simulator tests: every call goes over real HTTP with axios.
import axios, { type AxiosInstance } from 'axios';
import type { Simulator } from '../../simulator';
import { sleep } from './helpers';

export const MODEL = 'Qubico/image-toolkit';
export const VIDEO_MODEL = 'Qubico/video-toolkit';

/** An axios client for the simulator that never throws on HTTP status codes; apiKey null = send no key. */
export function apiClient(sim: Simulator, apiKey: string | null = sim.apiKey): AxiosInstance {
	return axios.create({
		baseURL: sim.url,
		headers: apiKey === null ? {} : { 'X-API-Key': apiKey },
		validateStatus: () => true,
	});
}

/** A valid unified create body using the simulator's samples; fields can be overridden. */
export function unifiedBody(
	sim: Simulator,
	input: Record<string, unknown> = {},
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		model: MODEL,
		task_type: 'multi-face-swap',
		input: { target_image: sim.sampleUrl('target.png'), swap_image: sim.sampleUrl('swap.png'), ...input },
		...extra,
	};
}

/** A valid video face swap body (the sample target video); input fields can be overridden (undefined drops one). */
export function videoBody(
	sim: Simulator,
	input: Record<string, unknown> = {},
	extra: Record<string, unknown> = {},
): Record<string, unknown> & { input: Record<string, unknown> } {
	return {
		model: VIDEO_MODEL,
		task_type: 'face-swap',
		input: { swap_image: sim.sampleUrl('swap.png'), target_video: sim.sampleUrl('target.mp4'), ...input },
		...extra,
	};
}

export interface UnifiedData {
	task_id: string;
	status: string;
	output: null | {
		image_url?: string;
		image_urls?: string[];
		image_base64?: string;
		video_url?: string;
		video?: string;
	};
	meta: {
		created_at: string;
		started_at: string;
		ended_at: string;
		usage: { type: string; frozen: number; consume: number; frames?: number; duration?: number };
	};
	error: { code: number; raw_message: string; message: string; detail: unknown };
	[key: string]: unknown;
}

export async function createUnified(client: AxiosInstance, body: Record<string, unknown>): Promise<UnifiedData> {
	const response = await client.post('/api/v1/task', body);
	if (response.status !== 200) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.data)}`);
	return response.data.data as UnifiedData;
}

export async function getUnified(client: AxiosInstance, id: string): Promise<UnifiedData> {
	const response = await client.get(`/api/v1/task/${id}`);
	if (response.status !== 200) throw new Error(`get failed: ${response.status} ${JSON.stringify(response.data)}`);
	return response.data.data as UnifiedData;
}

/** Polls a unified task until its status (case-insensitive) is one of `statuses`; returns every status seen in order. */
export async function pollUnified(
	client: AxiosInstance,
	id: string,
	statuses: string[],
	timeoutMs = 30_000, // generous: a loaded CI machine is slow, and a passing test never waits it out
): Promise<{ data: UnifiedData; seen: string[] }> {
	const seen: string[] = [];
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const data = await getUnified(client, id);
		const status = data.status.toLowerCase();
		if (seen[seen.length - 1] !== status) seen.push(status);
		if (statuses.includes(status)) return { data, seen };
		if (Date.now() > deadline) throw new Error(`task ${id} still ${status} after ${timeoutMs} ms`);
		await sleep(10);
	}
}

/**
 * The statuses a poll saw came in `order` and ended with its last one. Polls may miss a short status on a busy
 * machine, so skipped ones are allowed; tests that need a status seen hold the task in it instead.
 */
export function expectStatusesInOrder(seen: string[], order: string[]): void {
	expect(seen).toEqual(order.filter((status) => seen.includes(status)));
	expect(seen[seen.length - 1]).toBe(order[order.length - 1]);
}
