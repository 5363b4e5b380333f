// Shared setup for the node's tests: a fast simulator, the credential pointing at it, and the usual parameters.
import axios from 'axios';
import type { INodeParameters } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../../simulator';

export type { Simulator };
export { withSettings } from '../../simulator/settings';

/** Tasks finish in a fraction of a second, so a test waits for one poll at most. */
export async function startFastSimulator(options: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
	return await startSimulator({ port: 0, pendingMs: 20, processingMs: 150, ...options });
}

/** A fast simulator for the test file (`.sim`, once started); each test starts without faults, counters at zero. */
export function useFastSimulator(options: Parameters<typeof startSimulator>[0] = {}): { readonly sim: Simulator } {
	const started: { sim?: Simulator } = {};
	const handle = {
		get sim(): Simulator {
			if (!started.sim) throw new Error('the simulator is not started yet (use it inside a test)');
			return started.sim;
		},
	};
	beforeAll(async () => {
		started.sim = await startFastSimulator(options);
	});
	afterAll(async () => await started.sim?.stop());
	beforeEach(() => {
		handle.sim.clearFaults();
		handle.sim.resetCounters();
	});
	return handle;
}

/** The simulator serves PiAPI's file upload on its own origin: its Upload URL is its Base URL. */
export const credentialsFor = (sim: Simulator, apiKey = sim.apiKey) => ({ apiKey, baseUrl: sim.url, uploadUrl: sim.url });

export async function sampleBytes(sim: Simulator, name: string): Promise<Buffer> {
	const response = await axios.get<ArrayBuffer>(sim.sampleUrl(name), { responseType: 'arraybuffer' });
	return Buffer.from(response.data);
}

/** Swap Faces with two sample URLs, waiting, binary output; override what a test is about. */
export function swapParameters(sim: Simulator, overrides: INodeParameters = {}): INodeParameters {
	return {
		operation: 'swapFaces',
		api: 'unified',
		targetImageSource: 'url',
		targetImageUrl: sim.sampleUrl('target.jpg'),
		swapImageSource: 'url',
		swapImageUrl: sim.sampleUrl('swap.png'),
		waitForCompletion: true,
		output: 'binary',
		...overrides,
	};
}

/** The bodies of the task creations the simulator received, oldest first. */
export function createdBodies(sim: Simulator, path = '/api/v1/task'): Array<Record<string, unknown>> {
	return sim
		.requestLog()
		.filter((entry) => entry.method === 'POST' && entry.path === path)
		.map((entry) => entry.body as Record<string, unknown>);
}

/**
 * Swap Faces in Video with the sample MP4 and the swap image by URL, waiting, binary output; polls at most 0.5 s apart
 * (the video schedule's first poll at 10 s would dominate every test). Override what a test is about.
 */
export function videoParameters(sim: Simulator, overrides: INodeParameters = {}): INodeParameters {
	return {
		operation: 'swapVideoFaces',
		targetVideoSource: 'url',
		targetVideoUrl: sim.sampleUrl('target.mp4'),
		swapImageSource: 'url',
		swapImageUrl: sim.sampleUrl('swap.png'),
		waitForCompletion: true,
		output: 'binary',
		options: { pollIntervalMin: 0.2, pollIntervalMax: 0.5 },
		...overrides,
	};
}
