// Wait Method "Until PiAPI Calls Back" for Swap Faces in Video: the execution waits (as stored by n8n) for the video
// task's callback, and a video given as bytes is checked before anything is sent, uploaded only after that.
import axios from 'axios';

import { readBinary, runUntilWaiting } from '../../../harness';
import { loadVideo } from '../../../fixtures/videos';
import { createdBodies, credentialsFor, startFastSimulator, videoParameters, type Simulator } from '../simulated';

let sim: Simulator;
const runs: Array<{ stop(): Promise<void> }> = [];

// Late enough for n8n to store the waiting execution before the callback (it answers 409 to a running one).
beforeAll(async () => {
	sim = await startFastSimulator({ pendingMs: 300, videoMsPerFrame: 15 });
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetCounters());
afterEach(async () => {
	for (const run of runs.splice(0)) await run.stop();
});

async function startWaiting(bytes: Buffer) {
	const run = await runUntilWaiting({
		parameters: videoParameters(sim, { targetVideoSource: 'binary', waitMethod: 'callback' }),
		credentials: credentialsFor(sim),
		input: [{ binary: { data: { bytes, mimeType: 'video/mp4' } } }],
	});
	runs.push(run);
	return run;
}

describe('Swap Faces in Video, Wait Method "Until PiAPI Calls Back"', () => {
	it('uploads the video, waits up to the video Wait Timeout, and outputs the MP4 PiAPI calls back with, without polling', async () => {
		const before = Date.now();
		const run = await startWaiting(loadVideo('x264-faststart.mp4'));

		expect(run.stored.status).toBe('waiting');
		// The default Wait Timeout of video tasks: 30 minutes.
		expect(run.waitTill?.getTime()).toBeGreaterThanOrEqual(before + 1_800_000);
		expect(run.waitTill?.getTime()).toBeLessThan(Date.now() + 1_800_000 + 1000);
		const [body] = createdBodies(sim);
		expect(body).toMatchObject({ model: 'Qubico/video-toolkit', config: { webhook_config: { endpoint: run.resumeUrl } } });

		const { items, status } = await run.finished();
		expect(status).toBe('success');
		const [task] = sim.tasks().slice(-1);
		expect(items[0].json).toMatchObject({ taskId: task.id, status: 'completed', videoUrl: task.resultUrl });
		// Read from the file before the upload, carried through the wait.
		expect(items[0].json.frames).toBe(task.video?.frames);
		expect(items[0].binary?.data.mimeType).toBe('video/mp4');
		expect((await readBinary(items[0], 'data')).equals(task.resultBytes as Buffer)).toBe(true);
		expect(sim.counters()).toMatchObject({ uploads: 1, videoTasksCreated: 1, polls: 0 });
	});

	it('outputs the frames and duration read from the file when PiAPI’s callback reports none', async () => {
		sim.configure({ videoMsPerFrame: 60_000 });
		try {
			const bytes = loadVideo('x264-faststart.mp4');
			const run = await startWaiting(bytes);
			const { endpoint, secret } = (createdBodies(sim)[0].config as { webhook_config: { endpoint: string; secret: string } })
				.webhook_config;
			const [task] = sim.tasks().slice(-1);
			// A final callback without usage, as PiAPI's may be (its video usage fields are not published).
			const data = { task_id: task.id, model: 'Qubico/video-toolkit', status: 'completed', output: { video_url: sim.sampleUrl('target.mp4') } };
			await axios.post(endpoint, { timestamp: 1, data }, { headers: { 'x-webhook-secret': secret } });

			const { items } = await run.finished();
			// x264-faststart.mp4 as ffprobe reads it: 30 frames, 3 s.
			expect(items[0].json).toMatchObject({ taskId: task.id, status: 'completed', frames: 30, durationS: 3 });
			expect(items[0].json).not.toHaveProperty('usage');
		} finally {
			sim.configure({ videoMsPerFrame: 15 });
		}
	});

	it('turns a video PiAPI would refuse into an error item, sending nothing (not even the upload)', async () => {
		const run = await startWaiting(loadVideo('frames-601.mp4'));

		expect(run.stored.status).not.toBe('waiting');
		const { items } = await run.finished();
		expect(items).toEqual([
			{
				json: { error: expect.stringMatching(/^Target Video Binary Field \(item 0\): has 601 frames; PiAPI takes at most 600/) },
				pairedItem: { item: 0 },
			},
		]);
		expect(sim.requestLog()).toEqual([]);
	});
});
