// Settings changed for one test come back afterwards, also when the test fails, so no test runs on another's settings.
import type { Simulator } from '../../simulator';

type Options = Parameters<Simulator['configure']>[0];

/** Runs `body` with the simulator's options changed by `patch`; the earlier values are put back in `finally`. */
export async function withSettings<T>(sim: Simulator, patch: Options, body: () => T | Promise<T>): Promise<T> {
	const current = sim.settings();
	const before = Object.fromEntries(Object.keys(patch).map((key) => [key, current[key as keyof typeof current]]));
	sim.configure(patch);
	try {
		return await body();
	} finally {
		sim.configure(before);
	}
}
