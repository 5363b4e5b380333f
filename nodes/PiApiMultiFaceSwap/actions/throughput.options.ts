import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_POLL_SCHEDULE, VIDEO_POLL_SCHEDULE, type PollSchedule } from '../helpers/polling';
import { boundedNumber, invalidInput } from '../helpers/parameters';

/**
 * Items in flight at once. PiAPI publishes no concurrency limit; it stages tasks above an account's limit, free of
 * charge, and starts one the moment a slot frees. With as many items in flight as slots, each slot idles between a
 * task finishing and n8n noticing it, downloading the result and creating the next task (plus PiAPI's own pending
 * time): about a third of the time with two-second tasks (BENCHMARKS.md). Twenty keeps an account with a limit of up
 * to ten fully busy, while the execution's pacer (helpers/pacing.ts) keeps an account with a lower limit from
 * queueing more than it can start soon. It also bounds what one execution holds (an item in flight may hold two
 * images of up to 10 MB as base64) and sends. One is the old one-at-a-time behaviour.
 */
export const DEFAULT_MAX_CONCURRENT_TASKS = 20;
export const MAX_MAX_CONCURRENT_TASKS = 100;

const MIN_POLL_INTERVAL_S = 0.2;
const MAX_POLL_INTERVAL_S = 600;

export const maxConcurrentTasksOption: INodeProperties = {
	displayName: 'Max Concurrent Tasks',
	name: 'maxConcurrentTasks',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_MAX_CONCURRENT_TASKS, numberPrecision: 0 },
	default: DEFAULT_MAX_CONCURRENT_TASKS,
	description:
		'How many items run at once; results keep the input order. PiAPI queues tasks above your plan’s limit (status "staged") and starts them as slots free up; the node keeps no more of them queued than are running. Read from the first item.',
};

export const pollIntervalOptions: INodeProperties[] = [
	{
		displayName: 'Poll Interval Min (Seconds)',
		name: 'pollIntervalMin',
		type: 'number',
		typeOptions: { minValue: MIN_POLL_INTERVAL_S, maxValue: MAX_POLL_INTERVAL_S, numberPrecision: 1 },
		default: 0.6, // DEFAULT_POLL_SCHEDULE.minIntervalMs (n8n's linter wants the literal)
		description:
			'The wait between status checks right after PiAPI starts the task. The wait then grows by a fifth of the time the task has been processing, up to the maximum.',
	},
	{
		displayName: 'Poll Interval Max (Seconds)',
		name: 'pollIntervalMax',
		type: 'number',
		typeOptions: { minValue: MIN_POLL_INTERVAL_S, maxValue: MAX_POLL_INTERVAL_S, numberPrecision: 1 },
		default: 5, // DEFAULT_POLL_SCHEDULE.maxIntervalMs
		description: 'The longest wait between two status checks of a task',
	},
];

/** The same fields for Swap Faces in Video, defaulting to VIDEO_POLL_SCHEDULE's waits. */
export const videoPollIntervalOptions: INodeProperties[] = pollIntervalOptions.map((option) => ({
	...option,
	default: (option.name === 'pollIntervalMin' ? VIDEO_POLL_SCHEDULE.minIntervalMs : VIDEO_POLL_SCHEDULE.maxIntervalMs) / 1000,
}));

/** Max Concurrent Tasks, read once per execution (from the first item); the default where the operation has none. */
export function readMaxConcurrentTasks(ctx: IExecuteFunctions): number {
	const value: unknown = ctx.getNodeParameter('options.maxConcurrentTasks', 0, DEFAULT_MAX_CONCURRENT_TASKS);
	const number = boundedNumber(ctx, value ?? DEFAULT_MAX_CONCURRENT_TASKS, 'Max Concurrent Tasks', 0, {
		min: 1,
		max: MAX_MAX_CONCURRENT_TASKS,
	});
	if (!Number.isInteger(number)) throw invalidInput(ctx, 'Max Concurrent Tasks', 0, `must be a whole number, got ${number}`);
	return number;
}

/** The item's polling schedule from Poll Interval Min/Max; `defaults` where they are not set. */
export function readPollSchedule(
	ctx: IExecuteFunctions,
	itemIndex: number,
	defaults: PollSchedule = DEFAULT_POLL_SCHEDULE,
): PollSchedule {
	const seconds = (name: string, field: string, fallbackMs: number) =>
		boundedNumber(ctx, ctx.getNodeParameter(`options.${name}`, itemIndex, fallbackMs / 1000) ?? fallbackMs / 1000, field, itemIndex, {
			min: MIN_POLL_INTERVAL_S,
			max: MAX_POLL_INTERVAL_S,
		});
	const min = seconds('pollIntervalMin', 'Poll Interval Min', defaults.minIntervalMs);
	const max = seconds('pollIntervalMax', 'Poll Interval Max', defaults.maxIntervalMs);
	if (min > max) {
		throw invalidInput(ctx, 'Poll Interval Min', itemIndex, `(${min} s) must not be more than Poll Interval Max (${max} s)`);
	}
	return { ...defaults, minIntervalMs: Math.round(min * 1000), maxIntervalMs: Math.round(max * 1000) };
}
