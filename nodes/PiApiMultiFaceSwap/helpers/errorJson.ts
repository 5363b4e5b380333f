import type { NodeError } from 'n8n-workflow';

import { taskIdOf } from '../../shared/transport/errors';

/** The JSON of an error item (Continue On Fail): the message, its description, and the task when there is one. */
export function errorJson(error: NodeError) {
	const taskId = taskIdOf(error);
	return {
		error: error.message,
		...(error.description ? { description: error.description } : {}),
		...(taskId ? { taskId } : {}),
	};
}
