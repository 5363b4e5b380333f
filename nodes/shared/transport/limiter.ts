/**
 * Runs at most `limit` tasks at once per key (e.g. per execution), first come first served. A key's entry exists
 * only while it has tasks running or waiting, so nothing accumulates across executions.
 */
export class KeyedLimiter<K = string> {
	private readonly entries = new Map<K, { active: number; waiting: Array<() => void> }>();

	constructor(private readonly limit: number) {}

	async run<T>(key: K, task: () => Promise<T>): Promise<T> {
		let entry = this.entries.get(key);
		if (!entry) {
			entry = { active: 0, waiting: [] };
			this.entries.set(key, entry);
		}
		if (entry.active >= this.limit) {
			const queue = entry.waiting;
			await new Promise<void>((resolve) => queue.push(resolve));
		} else {
			entry.active++;
		}
		try {
			return await task();
		} finally {
			const next = entry.waiting.shift();
			// The slot passes straight to the next task, so a newcomer cannot take it in between.
			if (next) next();
			else if (--entry.active === 0) this.entries.delete(key);
		}
	}

	/** Tasks running or waiting under `key` (for tests). */
	size(key: K): number {
		const entry = this.entries.get(key);
		return entry ? entry.active + entry.waiting.length : 0;
	}
}
