import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest } from '../index';
import { envelopeData, requireTaskId, resultImage, text } from './snapshot';
import type { CallContext, TaskClient, TaskRequest, TaskSnapshot } from './types';

// The original endpoint's words for the unified statuses.
const STATUS_ALIASES: Record<string, string> = { starting: 'pending', success: 'completed', running: 'processing' };

/** The original multi-face-swap endpoints: POST /api/face_swap/v1/async, then POST /api/face_swap/v1/fetch. */
export function legacyClient(ctx: IExecuteFunctions): TaskClient {
	return {
		api: 'legacy',
		async create(request: TaskRequest, context: CallContext) {
			if (request.kind === 'video') {
				throw new NodeOperationError(ctx.getNode(), 'Video face swap needs the Unified Task API; nothing was sent', {
					itemIndex: context.itemIndex,
				});
			}
			// This endpoint has no face indices: it swaps onto the faces it finds.
			const envelope = await apiRequest(ctx, {
				method: 'POST',
				path: '/api/face_swap/v1/async',
				body: {
					target_image: request.targetImage,
					swap_image: request.swapImage,
					result_type: request.preferBase64Result ? 'base64' : 'url',
				},
				retry: 'create',
				...context,
				evenIfCancelled: true,
			});
			const data = envelopeData(ctx, envelope, context.itemIndex);
			return toSnapshot(ctx, { status: 'pending', ...data }, context.itemIndex);
		},
		async get(taskId: string, context: CallContext) {
			const envelope = await apiRequest(ctx, {
				method: 'POST',
				path: '/api/face_swap/v1/fetch',
				body: { task_id: taskId },
				retry: 'idempotent',
				...context,
			});
			const data = envelopeData(ctx, envelope, context.itemIndex, taskId);
			// An answer with neither the task's ID nor its status is not about the task: an error, not "pending".
			if (data.task_id === undefined && data.status === undefined) requireTaskId(ctx, data, context.itemIndex, taskId);
			return toSnapshot(ctx, { task_id: taskId, ...data }, context.itemIndex);
		},
	};
}

function toSnapshot(ctx: IExecuteFunctions, data: Record<string, unknown>, itemIndex: number): TaskSnapshot {
	const status = (text(data.status) ?? 'pending').toLowerCase();
	const messages = Array.isArray(data.error_messages) ? data.error_messages.map(text).filter(Boolean) : [];
	return {
		api: 'legacy',
		taskId: requireTaskId(ctx, data, itemIndex),
		status: STATUS_ALIASES[status] ?? status,
		...resultImage(data.image),
		errorMessage: messages.join('; ') || text(data.error),
	};
}
