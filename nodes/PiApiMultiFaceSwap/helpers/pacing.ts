import type { IExecuteFunctions } from 'n8n-workflow';

import { isFinal, type CallContext, type TaskClient, type TaskRequest, type TaskSnapshot } from '../../shared/transport/flavours';
import { CancelledError, sleepUnlessCancelled } from '../../shared/transport/retry';

/** Tasks an execution may have staged (or being created) while none of its tasks runs yet. */
export const MIN_STAGED_ALLOWANCE = 2;
/** The slices in which a creation waits for room (see waitForRoom): a cancelled execution stops waiting within one. */
const ROOM_WAIT_SLICE_MS = 100;
const MAX_RECORDED_TIMES = 1000;
/** Unfinished tasks an execution has left, none to create, when its end waits on theirs (see endsAwaited). */
const LAST_FEW_TASKS = 3;

/**
 * Keeps one execution from piling tasks up in PiAPI's queue. PiAPI stages tasks above the account's concurrency limit:
 * free until they start, and started the moment a slot frees. A few staged tasks keep the account's slots busy
 * (n8n need not notice a finished task before the next one can start); many only wait, and their waiting counts
 * against Wait Timeout. So a task is created only while the execution's staged tasks plus those being created are
 * fewer than its running ones (at least MIN_STAGED_ALLOWANCE): about twice the account's limit in flight, whatever
 * that limit is. The allowance doubles as tasks start, like TCP's slow start; where PiAPI never stages (a limit above
 * Max Concurrent Tasks, or the legacy API, which reports staged tasks as pending) it never holds anything back.
 */
export class StagingPacer {
	/** Unfinished tasks: true while staged. */
	private readonly tasks = new Map<string, boolean>();
	private creating = 0;
	private readonly wakeUps = new Set<() => void>();
	/** Creations refused for lack of room (429), first come first served: each finished task lets one retry. */
	private readonly roomWaiters: Array<() => void> = [];
	/** Processing times of the execution's completed tasks, by PiAPI's own clock, ascending. */
	private readonly finishedMs: number[] = [];

	/** Whether a task may be created now. */
	mayCreate(): boolean {
		let staged = 0;
		for (const isStaged of this.tasks.values()) if (isStaged) staged++;
		const running = this.tasks.size - staged;
		return staged + this.creating < Math.max(MIN_STAGED_ALLOWANCE, running);
	}

	/** Waits for a turn to create a task; the caller must call `created` (or `creationFailed`) after. */
	async enter(signal?: AbortSignal): Promise<void> {
		while (!this.mayCreate()) {
			if (signal?.aborted) throw new CancelledError();
			await new Promise<void>((resolve) => {
				const wake = () => {
					this.wakeUps.delete(wake);
					signal?.removeEventListener('abort', wake);
					resolve();
				};
				this.wakeUps.add(wake);
				signal?.addEventListener('abort', wake, { once: true });
			});
		}
		if (signal?.aborted) throw new CancelledError();
		this.creating++;
	}

	created(snapshot: TaskSnapshot): void {
		this.creating--;
		this.observe(snapshot);
	}

	creationFailed(): void {
		this.creating--;
		this.wakeAll();
	}

	/** Takes in a task's latest status. */
	observe(snapshot: TaskSnapshot): void {
		if (isFinal(snapshot)) {
			if (this.tasks.delete(snapshot.taskId)) {
				this.recordProcessingTime(snapshot);
				this.roomWaiters.shift()?.(); // its slot at PiAPI is free
			}
		} else {
			this.tasks.set(snapshot.taskId, snapshot.status === 'staged');
		}
		this.wakeAll();
	}

	/**
	 * After PiAPI refused a creation (429 without Retry-After: where PiAPI does not stage, the account is full), waits
	 * until one of the execution's tasks finishes, which frees a slot, or `ms` pass, whichever comes first. One waiter
	 * per finished task, in order, so the retries do not all meet the one free slot at once. True when a finished task
	 * ended the wait.
	 */
	async waitForRoom(ms: number, signal?: AbortSignal): Promise<boolean> {
		let give!: () => void;
		const given = new Promise<boolean>((resolve) => (give = () => resolve(true)));
		this.roomWaiters.push(give);
		try {
			// The retry goes out the moment a slot frees: the slot stays idle until then.
			const end = Date.now() + ms;
			for (let left = ms; left > 0; left = end - Date.now()) {
				const slept = sleepUnlessCancelled(Math.min(left, ROOM_WAIT_SLICE_MS), signal).then(() => false);
				if (await Promise.race([given, slept])) {
					slept.catch(() => undefined); // a cancellation after the room was given changes nothing here
					return true;
				}
			}
			return false;
		} finally {
			const at = this.roomWaiters.indexOf(give);
			if (at !== -1) this.roomWaiters.splice(at, 1);
		}
	}

	/**
	 * Whether the execution waits on its tasks' ends, so that they are worth polling closer: a creation PiAPI refused
	 * (429) waits for one of them to free a slot, or only the last few are left, and the execution ends with them.
	 */
	get endsAwaited(): boolean {
		if (this.roomWaiters.length > 0) return true;
		return this.tasks.size <= LAST_FEW_TASKS && this.creating === 0 && this.wakeUps.size === 0;
	}

	/** How long the execution's completed tasks processed (ms, ascending): its other tasks likely take as long. */
	get processingTimesMs(): readonly number[] {
		return this.finishedMs;
	}

	private recordProcessingTime(snapshot: TaskSnapshot): void {
		if (snapshot.status !== 'completed' || this.finishedMs.length >= MAX_RECORDED_TIMES) return;
		const ms = Date.parse(snapshot.endedAt ?? '') - Date.parse(snapshot.startedAt ?? '');
		if (!Number.isFinite(ms) || ms < 0) return;
		const at = this.finishedMs.findIndex((recorded) => recorded > ms);
		this.finishedMs.splice(at === -1 ? this.finishedMs.length : at, 0, ms);
	}

	/** The task is no longer followed (finished, given up on, or the item stopped). */
	forget(taskId: string): void {
		this.tasks.delete(taskId);
		this.wakeAll();
	}

	get idle(): boolean {
		return this.tasks.size === 0 && this.creating === 0 && this.wakeUps.size === 0 && this.roomWaiters.length === 0;
	}

	private wakeAll(): void {
		for (const wake of [...this.wakeUps]) wake();
	}
}

// One pacer per running execution, dropped as soon as it follows nothing.
const pacers = new Map<string, StagingPacer>();
const executionKey = (ctx: IExecuteFunctions) => ctx.getExecutionId?.() ?? '';

export function pacerFor(ctx: IExecuteFunctions): StagingPacer {
	const key = executionKey(ctx);
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new StagingPacer();
		pacers.set(key, pacer);
	}
	return pacer;
}

export function releasePacerIfIdle(ctx: IExecuteFunctions): void {
	const key = executionKey(ctx);
	if (pacers.get(key)?.idle) pacers.delete(key);
}

/** Creates the task when the execution's pacer allows it (see StagingPacer). */
export async function createPacedTask(
	ctx: IExecuteFunctions,
	client: TaskClient,
	request: TaskRequest,
	context: CallContext,
): Promise<TaskSnapshot> {
	const pacer = pacerFor(ctx);
	let entered = false;
	let created: TaskSnapshot | undefined;
	try {
		await pacer.enter(context.signal);
		entered = true;
		created = await client.create(request, {
			...context,
			rateLimitWait: async (ms) => await pacer.waitForRoom(ms, context.signal),
		});
		return created;
	} finally {
		if (created) pacer.created(created);
		else if (entered) pacer.creationFailed();
		releasePacerIfIdle(ctx);
	}
}
