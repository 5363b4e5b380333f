import type { INode } from 'n8n-workflow';
import { NodeError, NodeOperationError } from 'n8n-workflow';

/** Attaches the task ID so error items (Continue On Fail) and error messages can name it. */
export function withTaskId<E extends NodeError>(error: E, taskId: string): E {
	error.context.taskId = taskId;
	return error;
}

export function taskIdOf(error: unknown): string | undefined {
	const taskId = error instanceof NodeError ? error.context.taskId : undefined;
	return typeof taskId === 'string' ? taskId : undefined;
}

/** n8n shows NodeErrors with their item and details; anything else is wrapped so it is shown the same way. */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
