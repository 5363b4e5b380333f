import { MIN_STAGED_ALLOWANCE, StagingPacer } from '../../../../nodes/PiApiMultiFaceSwap/helpers/pacing';
import type { TaskSnapshot } from '../../../../nodes/shared/transport/flavours';
import { sleep } from 'n8n-workflow';
import { waitUntil } from '../../../harness';

const task = (taskId: string, status: string): TaskSnapshot => ({ api: 'unified', taskId, status });

/** Lets pending promise callbacks run. */
const settle = async () => {
	for (let tick = 0; tick < 10; tick++) await Promise.resolve();
};

describe('the staging pacer', () => {
	it('starts with a small allowance that doubles as tasks start running (slow start)', async () => {
		const pacer = new StagingPacer();
		for (let i = 0; i < MIN_STAGED_ALLOWANCE; i++) await pacer.enter();
		expect(pacer.mayCreate()).toBe(false);
		pacer.created(task('a', 'pending'));
		pacer.created(task('b', 'processing'));
		// two running: two more may be created at once
		await pacer.enter();
		await pacer.enter();
		expect(pacer.mayCreate()).toBe(false);
		pacer.created(task('c', 'pending'));
		pacer.created(task('d', 'pending'));
		expect(pacer.mayCreate()).toBe(true);
	});

	it('holds back while as many tasks are staged as run, and lets one through when a staged task starts', async () => {
		const pacer = new StagingPacer();
		await pacer.enter();
		pacer.created(task('running', 'processing'));
		await pacer.enter();
		pacer.created(task('staged-1', 'staged'));
		await pacer.enter();
		pacer.created(task('staged-2', 'staged'));
		expect(pacer.mayCreate()).toBe(false);

		let entered = false;
		const waiting = pacer.enter().then(() => (entered = true));
		await settle();
		expect(entered).toBe(false);
		pacer.observe(task('running', 'completed'));
		await settle();
		expect(entered).toBe(false); // two staged, none running
		pacer.observe(task('staged-1', 'processing'));
		await waiting;
		expect(entered).toBe(true);
	});

	it('stops waiting when the execution is cancelled', async () => {
		const pacer = new StagingPacer();
		await pacer.enter();
		await pacer.enter();
		const stop = new AbortController();
		const waiting = pacer.enter(stop.signal);
		stop.abort();
		await expect(waiting).rejects.toThrow('The execution was canceled');
	});

	it('is idle once it follows nothing', async () => {
		const pacer = new StagingPacer();
		await pacer.enter();
		expect(pacer.idle).toBe(false);
		pacer.created(task('a', 'staged'));
		expect(pacer.idle).toBe(false);
		pacer.forget('a');
		expect(pacer.idle).toBe(true);
		await pacer.enter();
		pacer.creationFailed();
		expect(pacer.idle).toBe(true);
	});
});

describe('what the pacer learns from completed tasks', () => {
	const finished = (taskId: string, status: string, startedAt: string, endedAt: string): TaskSnapshot => ({
		...task(taskId, status),
		startedAt,
		endedAt,
	});

	it('keeps the processing times of its completed tasks, by PiAPI’s own times, in ascending order', async () => {
		const pacer = new StagingPacer();
		for (const id of ['a', 'b', 'c', 'd']) {
			await pacer.enter();
			pacer.created(task(id, 'pending'));
		}
		pacer.observe(finished('a', 'completed', '2030-01-01T10:00:00.000Z', '2030-01-01T10:00:02.500Z'));
		pacer.observe(finished('b', 'completed', '2030-01-01T10:00:01.000Z', '2030-01-01T10:00:02.800Z'));
		pacer.observe(finished('c', 'failed', '2030-01-01T10:00:01.000Z', '2030-01-01T10:00:01.100Z'));
		pacer.observe(finished('b', 'completed', '2030-01-01T10:00:01.000Z', '2030-01-01T10:00:09.000Z')); // seen twice
		pacer.observe(task('d', 'completed')); // no times (legacy API)
		expect(pacer.processingTimesMs).toEqual([1800, 2500]);
	});
});

const running = async (pacer: StagingPacer, ...ids: string[]) => {
	for (const id of ids) {
		await pacer.enter();
		pacer.created(task(id, 'processing'));
	}
};

describe('creations refused for lack of room (429 where PiAPI does not stage)', () => {
	/** The order in which the waits ended. */
	const track = (waits: Array<[string, Promise<boolean>]>) => {
		const ended: string[] = [];
		for (const [name, wait] of waits) void wait.then(() => ended.push(name));
		return ended;
	};

	it('retry as soon as one of the execution’s tasks finishes, one per finished task, first come first served', async () => {
		const pacer = new StagingPacer();
		await running(pacer, 'a', 'b', 'c', 'd');
		expect(pacer.endsAwaited).toBe(false);
		const first = pacer.waitForRoom(60_000);
		expect(pacer.endsAwaited).toBe(true); // its tasks are worth polling closer
		const ended = track([
			['first', first],
			['second', pacer.waitForRoom(60_000)],
		]);
		pacer.observe(task('a', 'processing'));
		await sleep(350); // between two of the wait's slices
		expect(ended).toEqual([]);
		pacer.observe(task('a', 'completed'));
		pacer.observe(task('a', 'completed')); // seen again: not a second free slot
		await sleep(1);
		expect(ended).toEqual(['first']); // at once: the slot stays idle until the retry
		await sleep(300);
		expect(ended).toEqual(['first']);
		expect(await first).toBe(true); // given room
		pacer.observe(task('b', 'failed'));
		await waitUntil(() => ended.length > 1, { what: 'the second wait to end' });
		expect(ended).toEqual(['first', 'second']);
		for (const id of ['c', 'd']) pacer.forget(id);
		expect(pacer.idle).toBe(true);
	});

	it('retry after the planned wait when no task finishes before', async () => {
		const pacer = new StagingPacer();
		await running(pacer, 'a');
		const wait = pacer.waitForRoom(200);
		const ended = track([['alone', wait]]);
		await waitUntil(() => ended.length > 0, { what: 'the wait to end' });
		expect(ended).toEqual(['alone']);
		expect(await wait).toBe(false); // not given room
		pacer.observe(task('a', 'completed')); // nobody waits any more: nothing to wake
		expect(pacer.idle).toBe(true);
	});

	it('stop waiting when the execution is cancelled', async () => {
		const pacer = new StagingPacer();
		await running(pacer, 'a');
		const cancel = new AbortController();
		const wait = pacer.waitForRoom(60_000, cancel.signal);
		cancel.abort();
		await expect(wait).rejects.toThrow('The execution was canceled');
	});
});

describe('the execution waiting on its tasks’ ends', () => {
	it('with only its last few tasks in flight and none being created: its end waits on theirs', async () => {
		const pacer = new StagingPacer();
		await running(pacer, 'a', 'b', 'c', 'd');
		expect(pacer.endsAwaited).toBe(false);
		pacer.observe(task('a', 'completed'));
		expect(pacer.endsAwaited).toBe(true); // three left
		await pacer.enter(); // another item's task is being created
		expect(pacer.endsAwaited).toBe(false);
		pacer.created(task('e', 'processing'));
		expect(pacer.endsAwaited).toBe(false); // four in flight again
	});
});
