// Where PiAPI does not stage tasks over the account's limit (a creation over it gets 429), items wait for room and
// every item still gets its own task, once: the pacer retries a refused creation when one of its tasks finishes.
import { runNode } from '../../../harness';
import { credentialsFor, swapParameters, useFastSimulator } from '../simulated';

const fixture = useFastSimulator();

it('completes every item, each with one task, when creations over the limit are refused', async () => {
	const { sim } = fixture;
	sim.configure({ concurrency: 2, stagingLimit: 0, processingMs: 300 });
	try {
		const { items, error } = await runNode({
			parameters: swapParameters(sim, {
				targetImageUrl: '={{ "https://images.example.com/item-" + $json.index + ".jpg" }}',
				output: 'url',
				options: { maxConcurrentTasks: 6, pollIntervalMin: 0.2, pollIntervalMax: 0.5 },
			}),
			input: Array.from({ length: 6 }, (_, index) => ({ json: { index } })),
			credentials: credentialsFor(sim),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.status)).toEqual(Array(6).fill('completed'));
		const tasks = sim.tasks().filter((task) => /item-\d+\.jpg$/.test(String(task.input.target_image)));
		expect(tasks.map((task) => task.input.target_image).sort()).toEqual(
			Array.from({ length: 6 }, (_, index) => `https://images.example.com/item-${index}.jpg`).sort(),
		);
		expect(sim.counters().creationsRefused).toBeGreaterThan(0); // the path under test was taken
	} finally {
		sim.configure({ concurrency: Infinity, stagingLimit: Infinity, processingMs: 150 });
	}
});
