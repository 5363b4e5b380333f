import type { IExecuteFunctions } from 'n8n-workflow';

import { invalidInput, requiredText } from './parameters';

// PiAPI's IDs are UUIDs or hex strings. Anything else (slashes, dots, "?") would change the request path.
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const WHAT_TO_ENTER = 'enter the task ID that Swap Faces returned (field "taskId")';

export function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	const taskId = requiredText(ctx, 'taskId', 'Task ID', itemIndex, WHAT_TO_ENTER);
	if (!TASK_ID.test(taskId)) {
		throw invalidInput(ctx, 'Task ID', itemIndex, `"${taskId}" is not a PiAPI task ID (letters, digits, "-" and "_" only)`);
	}
	return taskId;
}
