import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isFinal, type TaskClient, type TaskSnapshot } from '../transport/flavours';
import { CancelledError, sleepUnlessCancelled } from '../transport/retry';
import { asNodeError, withTaskId } from '../transport/errors';

export interface PollSchedule {
	minIntervalMs: number;
	maxIntervalMs: number;
	/** The wait grows with the time already waited: long tasks are polled less often. */
	growth: number;
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = { minIntervalMs: 1000, maxIntervalMs: 8000, growth: 0.3 };

export function nextPollDelayMs(elapsedMs: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
	return Math.round(Math.min(schedule.maxIntervalMs, Math.max(schedule.minIntervalMs, elapsedMs * schedule.growth)));
}

export interface WaitOptions {
	timeoutMs: number;
	itemIndex: number;
	signal?: AbortSignal;
	schedule?: PollSchedule;
}

/** Polls until the task is final. Never polls after a final status; cancels a still-pending task when the execution is cancelled. */
export async function waitForFinalStatus(
	ctx: IExecuteFunctions,
	client: TaskClient,
	created: TaskSnapshot,
	{ timeoutMs, itemIndex, signal, schedule }: WaitOptions,
): Promise<TaskSnapshot> {
	const startedWaiting = Date.now();
	let snapshot = created;
	try {
		while (!isFinal(snapshot)) {
			const elapsed = Date.now() - startedWaiting;
			if (elapsed >= timeoutMs) throw timeoutError(ctx, snapshot, elapsed, itemIndex);
			await sleepUnlessCancelled(Math.min(nextPollDelayMs(elapsed, schedule), timeoutMs - elapsed), signal);
			snapshot = await client.get(snapshot.taskId, { itemIndex, signal });
		}
		return snapshot;
	} catch (error) {
		if (error instanceof CancelledError) await cancelIfStillQueued(client, snapshot, itemIndex);
		throw asNodeError(ctx.getNode(), error, itemIndex);
	}
}

function timeoutError(ctx: IExecuteFunctions, snapshot: TaskSnapshot, elapsedMs: number, itemIndex: number) {
	const seconds = Math.round(elapsedMs / 1000);
	return withTaskId(
		new NodeOperationError(
			ctx.getNode(),
			`Task ${snapshot.taskId} did not finish within ${seconds} s (last status: ${snapshot.status})`,
			{
				itemIndex,
				description:
					'The task keeps running at PiAPI. Collect its result later with the Get Task operation and this task ID, or raise "Wait Timeout" under Options.',
			},
		),
		snapshot.taskId,
	);
}

// A task that has not started yet can still be cancelled, so the user is not charged for a result nobody collects.
export async function cancelIfStillQueued(client: TaskClient, snapshot: TaskSnapshot, itemIndex: number): Promise<void> {
	if (!client.cancel || !['pending', 'staged'].includes(snapshot.status)) return;
	try {
		await client.cancel(snapshot.taskId, { itemIndex, evenIfCancelled: true });
	} catch {
		// Best effort: the execution is already cancelled, and the task may have started in the meantime.
		return;
	}
}
