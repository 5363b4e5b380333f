import { KeyedLimiter } from '../../../../nodes/shared/transport/limiter';

/** A task that runs until released. */
function gate() {
	let release!: () => void;
	const done = new Promise<void>((resolve) => (release = resolve));
	return { done, release };
}

/** Lets pending promise callbacks run. */
const settle = async () => {
	for (let tick = 0; tick < 10; tick++) await Promise.resolve();
};

describe('the keyed limiter', () => {
	it('runs at most `limit` tasks at once per key, the rest in arrival order', async () => {
		const limiter = new KeyedLimiter(2);
		const gates = [gate(), gate(), gate(), gate()];
		const started: number[] = [];
		const runs = gates.map((g, index) =>
			limiter.run('execution-1', async () => {
				started.push(index);
				await g.done;
				return index;
			}),
		);
		await settle();
		expect(started).toEqual([0, 1]);
		gates[1].release();
		await settle();
		expect(started).toEqual([0, 1, 2]);
		gates[0].release();
		gates[2].release();
		gates[3].release();
		expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
	});

	it('keeps keys apart, and forgets a key once its tasks are done, failed ones included', async () => {
		const limiter = new KeyedLimiter(1);
		const a = gate();
		const first = limiter.run('a', async () => await a.done);
		const other = limiter.run('b', async () => 'b ran');
		expect(await other).toBe('b ran');
		expect(limiter.size('a')).toBe(1);
		const failing = limiter.run('a', async () => {
			throw new Error('boom');
		});
		a.release();
		await first;
		await expect(failing).rejects.toThrow('boom');
		expect(limiter.size('a')).toBe(0);
		expect(limiter.size('b')).toBe(0);
	});
});
