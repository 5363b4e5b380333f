import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isFinal, type TaskClient, type TaskSnapshot } from '../../shared/transport/flavours';
import { CancelledError, DeadlineReachedError, sleepUnlessCancelled } from '../../shared/transport/retry';
import { asNodeError, withTaskId } from '../../shared/transport/errors';
import { pacerFor, releasePacerIfIdle } from './pacing';

/**
 * When to poll. The wait between two polls is `minIntervalMs + growth × (time the task has been processing)`, at most
 * `maxIntervalMs`: short tasks are seen soon after they finish, long ones cost few requests. On average a task is
 * seen finished half a wait after it finished, i.e. about min/2 + growth/2 × its processing time.
 */
export interface PollSchedule {
	/** The wait right after processing started; no two polls are closer (but see AWAITED_POLL_SHARE). */
	minIntervalMs: number;
	/** No wait is longer. */
	maxIntervalMs: number;
	/** Share of the processing time so far that is added to the wait. */
	growth: number;
	/** The first poll comes this long after creation (within min and max): a face swap takes seconds. */
	firstPollMs: number;
}

/**
 * Chosen against two aims for a single task of T seconds (from its creation to its end, waiting included): seen
 * finished on average within 0.1 × T + 0.5 s, with at most T / 2 + 3 polls. A wait of 0.6 s + T / 5 gives an average delay of 0.3 s + T / 10 (plus the request itself);
 * a first poll at 2 s, not sooner, spares the polls that the minimum wait would spend on the first seconds. Modelled
 * over tasks of 1.5 to 60 s (±20 %) that wait 0.05 to 1 s before processing, both aims hold throughout; BENCHMARKS.md
 * measures them. The 5 s maximum keeps long tasks' delay low at one poll per 5 s.
 */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = {
	minIntervalMs: 600,
	maxIntervalMs: 5000,
	growth: 0.2,
	firstPollMs: 2000,
};

/**
 * Video face swap (Swap Faces in Video): a task processes up to 600 frames and takes minutes, not seconds. The first
 * poll at 10 s, then waits from 5 s growing by a fifth of the processing time up to 30 s (where PiAPI's own CLI stops
 * growing): a task of T seconds is seen finished on average within 0.1 × T + 5 s and never more than 30 s late, with at
 * most T / 30 + 12 polls: two a minute once it has run two minutes, where the image schedule polls twelve times.
 */
export const VIDEO_POLL_SCHEDULE: PollSchedule = {
	minIntervalMs: 5000,
	maxIntervalMs: 30_000,
	growth: 0.2,
	firstPollMs: 10_000,
};

/** The wait before the next poll, `elapsedMs` after processing started (after creation while the task waits). */
export function nextPollDelayMs(elapsedMs: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
	const { minIntervalMs: min, maxIntervalMs: max, growth } = schedule;
	return Math.round(Math.max(min, Math.min(max, min + Math.max(0, elapsedMs) * growth)));
}

/** Completed tasks an execution must have seen before their processing times steer the polls of the others. */
export const MIN_PEERS = 3;

/**
 * How much closer a due task is polled while the execution waits on its tasks' ends (StagingPacer.endsAwaited): a
 * creation PiAPI refused with 429 (it does not stage over the account's limit) gets its slot from the first task seen
 * finished, and the slot stays idle until then; the last few tasks of a batch hold up the execution's end. A share of
 * the minimum wait, so that a higher Poll Interval Min still means fewer polls.
 */
export const AWAITED_POLL_SHARE = 1 / 3;

/**
 * The wait before the next poll of a processing task, informed by how long the execution's completed tasks (its
 * peers, ascending `peersMs`) processed: a batch's tasks take alike long. Before the quickest peer's time nothing is
 * likely to finish, so the next poll comes then (within the maximum wait); between the quickest and the slowest
 * peer's time the task is due, and stays due for as long again past the slowest (at least the minimum wait: often the
 * batch's last task, which the whole execution waits for), so polls come closer (a third of that span, at least the
 * minimum wait; a share of the minimum while `endsAwaited`); a task slower still, or one without enough peers, follows
 * the plain schedule.
 */
export function informedPollDelayMs(
	elapsedMs: number,
	peersMs: readonly number[],
	schedule: PollSchedule = DEFAULT_POLL_SCHEDULE,
	endsAwaited = false,
): number {
	const plain = nextPollDelayMs(elapsedMs, schedule);
	if (peersMs.length < MIN_PEERS) return plain;
	const quickest = peersMs[0];
	const slowest = peersMs[peersMs.length - 1];
	if (elapsedMs >= slowest + Math.max(slowest - quickest, schedule.minIntervalMs)) return plain;
	if (elapsedMs < quickest) return Math.round(Math.min(schedule.maxIntervalMs, Math.max(schedule.minIntervalMs, quickest - elapsedMs)));
	if (endsAwaited) return Math.round(schedule.minIntervalMs * AWAITED_POLL_SHARE);
	return Math.round(Math.min(schedule.maxIntervalMs, Math.max(schedule.minIntervalMs, Math.min(plain, (slowest - quickest) / 3))));
}

/** The wait between creating a task and its first poll. */
export function firstPollDelayMs(schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
	return Math.round(Math.max(schedule.minIntervalMs, Math.min(schedule.firstPollMs, schedule.maxIntervalMs)));
}

/** Statuses of a task that has not started processing: PiAPI has not picked it up, or it is over the account's limit. */
const WAITING_STATUSES: ReadonlySet<string> = new Set(['pending', 'staged']);

/**
 * When a task started processing, in this machine's time. PiAPI reports `started_at` and `created_at` in its own
 * clock; their difference, added to the moment the creation was answered here, gives the start without trusting
 * either clock to agree with the other. Without those times: halfway between the last poll that saw the task waiting
 * and the first that saw it started. Until then the schedule counts from the creation.
 */
export class ProcessingClock {
	private readonly createdAt: number;
	private readonly serverCreatedAt: number | undefined;
	private lastSeenWaitingAt: number;
	private startedAt: number | undefined;

	constructor(created: TaskSnapshot, createdAt: number) {
		this.createdAt = createdAt;
		this.lastSeenWaitingAt = createdAt;
		this.serverCreatedAt = parseTime(created.createdAt);
		this.observe(created, createdAt);
	}

	/** Takes in what a poll answered at `at` (local ms). */
	observe(snapshot: TaskSnapshot, at: number): void {
		if (this.startedAt !== undefined) return;
		if (WAITING_STATUSES.has(snapshot.status)) {
			this.lastSeenWaitingAt = at;
			return;
		}
		const serverStartedAt = parseTime(snapshot.startedAt);
		const serverCreatedAt = this.serverCreatedAt ?? parseTime(snapshot.createdAt);
		const estimate =
			serverStartedAt !== undefined && serverCreatedAt !== undefined
				? this.createdAt + (serverStartedAt - serverCreatedAt)
				: (this.lastSeenWaitingAt + at) / 2;
		this.startedAt = Math.min(at, Math.max(this.lastSeenWaitingAt, estimate));
	}

	/** Local ms when processing started, if known. */
	get processingStartedAt(): number | undefined {
		return this.startedAt;
	}

	/** What the schedule counts from: processing time once started, waiting time before. */
	elapsedMs(now: number): number {
		return now - (this.startedAt ?? this.createdAt);
	}
}

function parseTime(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

export interface WaitOptions {
	timeoutMs: number;
	itemIndex: number;
	signal?: AbortSignal;
	schedule?: PollSchedule;
}

/**
 * Polls until the task is final, one request per poll, never after a final status. When the execution is cancelled
 * it stops at once and cancels the task if it has not started (PiAPI charges nothing for it then).
 */
export async function waitForFinalStatus(
	ctx: IExecuteFunctions,
	client: TaskClient,
	created: TaskSnapshot,
	{ timeoutMs, itemIndex, signal, schedule = DEFAULT_POLL_SCHEDULE }: WaitOptions,
): Promise<TaskSnapshot> {
	const createdAt = Date.now();
	const deadline = createdAt + timeoutMs;
	const clock = new ProcessingClock(created, createdAt);
	const pacer = pacerFor(ctx);
	let snapshot = created;
	let nextPollAt = createdAt + firstPollDelayMs(schedule);
	try {
		while (!isFinal(snapshot)) {
			const now = Date.now();
			if (now >= deadline) throw timeoutError(ctx, snapshot, now - createdAt, itemIndex);
			await sleepUnlessCancelled(Math.min(nextPollAt, deadline) - now, signal);
			// The deadline bounds the poll too: its retries and, near the deadline, its request timeout.
			snapshot = await client.get(snapshot.taskId, { itemIndex, signal, retryUntil: deadline });
			pacer.observe(snapshot);
			const polledAt = Date.now();
			clock.observe(snapshot, polledAt);
			const elapsed = clock.elapsedMs(polledAt);
			nextPollAt =
				polledAt +
				(clock.processingStartedAt === undefined
					? nextPollDelayMs(elapsed, schedule)
					: informedPollDelayMs(elapsed, pacer.processingTimesMs, schedule, pacer.endsAwaited));
		}
		return snapshot;
	} catch (error) {
		if (error instanceof CancelledError || signal?.aborted) await cancelIfStillQueued(client, snapshot, itemIndex);
		const failure =
			error instanceof DeadlineReachedError
				? timeoutError(ctx, snapshot, Math.max(Date.now(), deadline) - createdAt, itemIndex)
				: error;
		// The task exists whatever went wrong (e.g. polls that kept failing): name it, so its result can be collected.
		throw withTaskId(asNodeError(ctx.getNode(), failure, itemIndex), created.taskId);
	} finally {
		pacer.forget(created.taskId);
		releasePacerIfIdle(ctx);
	}
}

function timeoutError(ctx: IExecuteFunctions, snapshot: TaskSnapshot, elapsedMs: number, itemIndex: number) {
	const seconds = Math.round(elapsedMs / 1000);
	// Staged: PiAPI had not started it, because the account's other tasks (of this execution or of others running at
	// the same time) held every slot. Raising Wait Timeout alone may not be the fix, so say so.
	const staged = snapshot.status === 'staged';
	const message = `Task ${snapshot.taskId} did not finish within ${seconds} s (last status: ${snapshot.status})`;
	return withTaskId(
		new NodeOperationError(
			ctx.getNode(),
			staged ? `${message}: PiAPI had not started it yet, your account's other tasks held every slot` : message,
			{
				itemIndex,
				description: staged
					? 'The task waits at PiAPI behind your account\'s other tasks, also those of other executions running at the same time. Collect its result later with the Get Task operation and this task ID; raise "Wait Timeout", or lower "Max Concurrent Tasks" (or run fewer executions at once) so that the tasks in flight fit your plan\'s limit.'
					: 'The task keeps running at PiAPI. Collect its result later with the Get Task operation and this task ID, or raise "Wait Timeout" under Options.',
			},
		),
		snapshot.taskId,
	);
}

// A task that has not started yet can still be cancelled, so the user is not charged for a result nobody collects.
export async function cancelIfStillQueued(client: TaskClient, snapshot: TaskSnapshot, itemIndex: number): Promise<void> {
	if (!client.cancel || !WAITING_STATUSES.has(snapshot.status)) return;
	try {
		await client.cancel(snapshot.taskId, { itemIndex, evenIfCancelled: true });
	} catch {
		// Best effort: the execution is already cancelled, and the task may have started in the meantime.
		return;
	}
}
