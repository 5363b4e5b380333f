import {
	backoffDelayMs,
	DeadlineReachedError,
	jitteredRetryAfterMs,
	requestTimeoutMs,
	retryAfterMs,
	retryWaitMs,
} from '../../../../nodes/shared/transport/retry';

describe('Retry-After', () => {
	it('reads seconds', () => {
		expect(retryAfterMs('3')).toBe(3000);
		expect(retryAfterMs(2)).toBe(2000);
		expect(retryAfterMs('0.5')).toBe(500);
	});

	it('reads an HTTP date relative to now', () => {
		const now = Date.parse('2026-11-25T10:00:00Z');
		expect(retryAfterMs('Wed, 25 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(retryAfterMs('Wed, 25 Nov 2026 09:59:00 GMT', now)).toBe(0);
	});

	it('ignores what is absent or unreadable', () => {
		expect(retryAfterMs(undefined)).toBeUndefined();
		expect(retryAfterMs('soon')).toBeUndefined();
		expect(retryAfterMs({})).toBeUndefined();
	});
});

describe('backoff', () => {
	it('grows with each attempt, with jitter within half of the ceiling', () => {
		for (let attempt = 0; attempt < 4; attempt++) {
			const ceiling = 1000 * 2 ** attempt;
			for (let sample = 0; sample < 20; sample++) {
				const delay = backoffDelayMs(attempt);
				expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
				expect(delay).toBeLessThanOrEqual(ceiling);
			}
		}
	});

	it('is capped', () => {
		expect(backoffDelayMs(20)).toBeLessThanOrEqual(30_000);
	});
});

describe('waiting after a 429 with Retry-After', () => {
	it('waits at least as asked, plus a little jitter (at least 250 ms of spread, at most 2 s)', () => {
		for (const asked of [0, 1000, 5000, 60_000]) {
			const spread = Math.min(2000, Math.max(250, asked * 0.2));
			const waits = Array.from({ length: 50 }, () => jitteredRetryAfterMs(asked));
			for (const wait of waits) {
				expect(wait).toBeGreaterThanOrEqual(asked);
				expect(wait).toBeLessThanOrEqual(asked + spread);
			}
			expect(new Set(waits).size).toBeGreaterThan(1);
		}
	});
});

describe('request timeout near a deadline', () => {
	const now = 1_000_000;
	it('is the normal timeout without a deadline or far from it', () => {
		expect(requestTimeoutMs(60_000, undefined, now)).toBe(60_000);
		expect(requestTimeoutMs(60_000, now + 300_000, now)).toBe(60_000);
	});

	it('is what is left before the deadline, but at least 5 s, also once it has passed', () => {
		expect(requestTimeoutMs(60_000, now + 12_000, now)).toBe(12_000);
		expect(requestTimeoutMs(60_000, now + 1000, now)).toBe(5000);
		expect(requestTimeoutMs(60_000, now - 1000, now)).toBe(5000);
	});

	it('is never longer than the normal timeout', () => {
		expect(requestTimeoutMs(3000, now + 1000, now)).toBe(3000);
	});
});

describe('the wait before a retry, with a deadline (polls)', () => {
	const now = 1_000_000;
	it('without a deadline: the backoff, or Retry-After with its jitter', () => {
		for (let i = 0; i < 50; i++) {
			expect(retryWaitMs({ retryAfterMs: undefined, attempts: 2, now })).toBeGreaterThanOrEqual(1000);
			expect(retryWaitMs({ retryAfterMs: 3000, attempts: 1, now })).toBeGreaterThanOrEqual(3000);
		}
	});

	it('cuts a backoff short at the deadline, so one last attempt comes then', () => {
		// The third attempt's backoff is 2–4 s; 300 ms are left.
		for (let i = 0; i < 50; i++) {
			expect(retryWaitMs({ retryAfterMs: undefined, attempts: 3, retryUntil: now + 300, now })).toBe(300);
		}
	});

	it('keeps a Retry-After that fits before the deadline', () => {
		const wait = retryWaitMs({ retryAfterMs: 1000, attempts: 1, retryUntil: now + 10_000, now });
		expect(wait).toBeGreaterThanOrEqual(1000);
		expect(wait).toBeLessThanOrEqual(1250);
	});

	it('ends the call when Retry-After asks to wait past the deadline, or the deadline has come', () => {
		expect(() => retryWaitMs({ retryAfterMs: 5000, attempts: 1, retryUntil: now + 4000, now })).toThrow(DeadlineReachedError);
		expect(() => retryWaitMs({ retryAfterMs: undefined, attempts: 1, retryUntil: now, now })).toThrow(DeadlineReachedError);
		expect(() => retryWaitMs({ retryAfterMs: undefined, attempts: 1, retryUntil: now - 1, now })).toThrow(DeadlineReachedError);
	});
});
