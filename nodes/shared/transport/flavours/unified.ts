import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { apiRequest } from '../index';
import { isObject } from '../failures';
import { envelopeData, requireTaskId, resultImage, text, time } from './snapshot';
import type { CallContext, TaskClient, TaskRequest, TaskSnapshot } from './types';

export const UNIFIED_MODEL = 'Qubico/image-toolkit';
export const UNIFIED_TASK_TYPE = 'multi-face-swap';
export const VIDEO_MODEL = 'Qubico/video-toolkit';
export const VIDEO_TASK_TYPE = 'face-swap';

// PiAPI's docs and tools use a few synonyms; the node reports one word for each state.
const STATUS_ALIASES: Record<string, string> = { running: 'processing', starting: 'processing', success: 'completed' };

/** The current task API: POST /api/v1/task, GET and DELETE /api/v1/task/{id}. */
export function unifiedClient(ctx: IExecuteFunctions): TaskClient {
	const taskPath = (taskId: string) => `/api/v1/task/${encodeURIComponent(taskId)}`;
	const snapshotOf = (envelope: IDataObject, { itemIndex }: CallContext, polledTaskId?: string) =>
		toSnapshot(ctx, envelopeData(ctx, envelope, itemIndex, polledTaskId), itemIndex, polledTaskId);

	return {
		api: 'unified',
		async create(request: TaskRequest, context: CallContext) {
			const envelope = await apiRequest(ctx, {
				method: 'POST',
				path: '/api/v1/task',
				body: createBody(request),
				retry: 'create',
				...context,
				evenIfCancelled: true,
			});
			return snapshotOf(envelope, context);
		},
		async get(taskId: string, context: CallContext) {
			const envelope = await apiRequest(ctx, { method: 'GET', path: taskPath(taskId), retry: 'idempotent', ...context });
			return snapshotOf(envelope, context, taskId);
		},
		async cancel(taskId: string, context: CallContext) {
			// Not retried as "idempotent": a repeated cancel of a cancelled task would report a refusal.
			const envelope = await apiRequest(ctx, { method: 'DELETE', path: taskPath(taskId), retry: 'once', ...context });
			const data = isObject(envelope.data) ? envelope.data : {};
			return toSnapshot(ctx, { task_id: taskId, status: 'cancelled', ...data }, context.itemIndex);
		},
	};
}

function createBody(request: TaskRequest): IDataObject {
	const config: IDataObject = {};
	if (request.webhook) config.webhook_config = { endpoint: request.webhook.endpoint, secret: request.webhook.secret ?? '' };
	if (request.serviceMode) config.service_mode = request.serviceMode;
	return { ...modelAndInput(request), ...(Object.keys(config).length ? { config } : {}) };
}

function modelAndInput(request: TaskRequest): IDataObject {
	const faces = { swap_faces_index: request.swapFacesIndex, target_faces_index: request.targetFacesIndex };
	if (request.kind === 'video') {
		const input = { swap_image: request.swapImage, target_video: request.targetVideo, ...faces };
		return { model: VIDEO_MODEL, task_type: VIDEO_TASK_TYPE, input };
	}
	const input = { target_image: request.targetImage, swap_image: request.swapImage, ...faces };
	return { model: UNIFIED_MODEL, task_type: UNIFIED_TASK_TYPE, input };
}

/**
 * A unified task's `data` object (from GET /api/v1/task/{id}, or the body of PiAPI's task callback) as a TaskSnapshot.
 * Shared with the PiAPI Trigger node, which only has a webhook context: the context is needed for errors only.
 */
export function toSnapshot(
	ctx: { getNode(): INode },
	data: Record<string, unknown>,
	itemIndex: number,
	polledTaskId?: string,
): TaskSnapshot {
	const status = (text(data.status) ?? 'pending').toLowerCase();
	const output = isObject(data.output) ? data.output : {};
	const meta = isObject(data.meta) ? data.meta : {};
	const error = isObject(data.error) ? data.error : {};
	const firstUrl = Array.isArray(output.image_urls) ? output.image_urls.find((u) => text(u)) : undefined;
	const image = { ...resultImage(output.image_base64), ...resultImage(firstUrl), ...resultImage(output.image_url) };
	// Where a finished video task puts its result is not published: output.video_url or output.video_urls (where
	// PiAPI's own MCP server looks), output.video, or the image fields (of a task whose model is the video toolkit).
	const urlOf = (value: unknown) => resultImage(value).imageUrl;
	const firstUrlOf = (value: unknown) => (Array.isArray(value) ? value.map(urlOf).find(Boolean) : undefined);
	const videoUrl = urlOf(output.video_url) ?? firstUrlOf(output.video_urls) ?? urlOf(output.video);
	const isVideo = videoUrl !== undefined || /video/i.test(text(data.model) ?? '');
	return {
		api: 'unified',
		taskId: requireTaskId(ctx, data, itemIndex, polledTaskId),
		status: STATUS_ALIASES[status] ?? status,
		...(isVideo ? { kind: 'video' as const, videoUrl: videoUrl ?? image.imageUrl } : image),
		errorMessage: withDetail(text(error.message) ?? text(error.raw_message), text(error.detail)),
		model: text(data.model),
		taskType: text(data.task_type),
		createdAt: time(meta.created_at),
		startedAt: time(meta.started_at),
		endedAt: time(meta.ended_at),
		usage: isObject(meta.usage) ? (meta.usage as IDataObject) : undefined,
	};
}

/** PiAPI's message with its `error.detail` when that adds something (a generic "invalid request" says little alone). */
function withDetail(message: string | undefined, detail: string | undefined): string | undefined {
	if (!detail || message?.includes(detail)) return message ?? detail;
	return message ? `${message} (${detail})` : detail;
}
