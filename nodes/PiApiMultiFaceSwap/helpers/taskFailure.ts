import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { TaskSnapshot } from '../../shared/transport/flavours';
import { withTaskId } from '../../shared/transport/errors';

/** The error of a task that ended without a result (failed or cancelled), naming the task. */
export function taskNotCompletedError(ctx: { getNode(): INode }, final: TaskSnapshot, itemIndex: number): NodeApiError {
	return withTaskId(
		new NodeApiError(ctx.getNode(), { status: final.status, message: final.errorMessage ?? '' }, {
			message: `PiAPI could not complete the face swap: ${final.errorMessage ?? `the task was ${final.status}`}`,
			description: `Task ID: ${final.taskId}`,
			itemIndex,
		}),
		final.taskId,
	);
}
