// Large results stream one at a time per execution (their garbage is what makes n8n's memory grow; BENCHMARKS.md
// measures it); small ones side by side. Every item still gets its result, byte for byte, with or without a length.
import { readBinary, runNode } from '../../../harness';
import { LARGE_RESULT_BYTES, streamsAlone } from '../../../../nodes/shared/transport/download';
import { credentialsFor, swapParameters, useFastSimulator } from '../../PiApiMultiFaceSwap/simulated';

const fixture = useFastSimulator();

describe('which results stream alone', () => {
	it('those over the size limit, and those of unknown size', () => {
		expect(streamsAlone({ 'content-length': String(LARGE_RESULT_BYTES + 1) })).toBe(true);
		expect(streamsAlone({})).toBe(true);
		expect(streamsAlone({ 'content-length': 'garbage' })).toBe(true);
	});

	it('not those up to the limit', () => {
		expect(streamsAlone({ 'content-length': String(LARGE_RESULT_BYTES) })).toBe(false);
		expect(streamsAlone({ 'content-length': '1234' })).toBe(false);
	});
});

describe.each([false, true])('many large results (chunked: %s)', (chunkedResults) => {
	it('all arrive, each with its own bytes', async () => {
		const { sim } = fixture;
		sim.configure({ resultBytes: LARGE_RESULT_BYTES + 100_000, chunkedResults });
		try {
			const { items, error } = await runNode({
				parameters: swapParameters(sim, { options: { maxConcurrentTasks: 4 } }),
				input: Array.from({ length: 4 }, (_, index) => ({ json: { index } })),
				credentials: credentialsFor(sim),
			});
			expect(error).toBeUndefined();
			expect(new Set(items.map((item) => item.json.taskId)).size).toBe(4);
			for (const item of items) {
				const task = sim.task(String(item.json.taskId));
				expect((await readBinary(item, 'data')).equals(task?.resultBytes as Buffer)).toBe(true);
			}
			expect(sim.counters().resultDownloads).toBe(4);
		} finally {
			sim.configure({ resultBytes: 0, chunkedResults: false });
		}
	});
});
