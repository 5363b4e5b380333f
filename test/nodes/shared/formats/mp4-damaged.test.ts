// The MP4 reader on damaged bytes: copies of the fixtures cut at every byte, every box it reads cut to every shorter
// length, and random changes. It must refuse them with a VideoInputError or read them correctly, never crash or hang.
import { VideoInputError, readMp4Info } from '../../../../nodes/shared/formats/mp4';
import type { VideoInfo } from '../../../../nodes/shared/formats/mp4';
import * as videos from '../../../fixtures/videos';
import * as edit from '../../../fixtures/videos/edit';

const READABLE = videos.videoNames().filter((name) => !(name in videos.REFUSED));
const load = (name: string) => videos.loadVideo(name);

/** Deterministic pseudo-random numbers (mulberry32), so a failing damaged file can be rebuilt from its seed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

/** A valid result or a VideoInputError; anything else (another error, a hang) fails the test. */
function readOrRefuse(bytes: Uint8Array): VideoInfo | undefined {
	try {
		return readMp4Info(bytes);
	} catch (error) {
		expect(error).toBeInstanceOf(VideoInputError);
		return undefined;
	}
}

describe('damaged files', () => {
	it.each(['x264-faststart.mp4', 'x264-moov-last.mp4', 'video-audio.mp4', 'x265.mp4'])(
		'refuses every shorter copy of %s, cut at any byte',
		(name) => {
			const bytes = load(name);
			const read = [];
			for (let length = 0; length < bytes.length; length++) {
				if (readOrRefuse(bytes.subarray(0, length))) read.push(length);
			}
			expect(read).toEqual([]);
		},
	);

	it.each(['fragmented.mp4', 'fragmented-base-moof.mp4'])(
		'reads a copy of %s cut at any byte as refused or as fewer frames (a fragment boundary looks like an end)',
		(name) => {
			const bytes = load(name);
			const { frames } = readMp4Info(bytes);
			for (let length = 0; length < bytes.length; length++) {
				expect(readOrRefuse(bytes.subarray(0, length))?.frames ?? 0).toBeLessThanOrEqual(frames);
			}
		},
	);

	// Tables and headers the reader reads to their end must be refused at any shorter length; boxes with trailing
	// bytes it does not need (a language code, a handler name, codec details) may be read, but then unchanged.
	it.each([
		...['tkhd', 'stsz', 'stts', 'stco'].map((type) => ['x264-moov-last.mp4', type, 'refused']),
		...['mdhd', 'hdlr', 'stsd'].map((type) => ['x264-moov-last.mp4', type, 'refused or unchanged']),
		...['trex', 'trun'].map((type) => ['fragmented.mp4', type, 'refused']),
		['fragmented.mp4', 'tfhd', 'refused or unchanged'],
	])('reads %s with its %s box cut to any shorter length as %s, never crashing', (name, type, expected) => {
		const cut = (keep: number) =>
			edit.mapBoxes(load(name), (t: string, whole: Buffer) => (t === type ? edit.box(type, whole.subarray(8, 8 + keep)) : undefined));
		let length = 0;
		edit.mapBoxes(load(name), (t: string, whole: Buffer) => void (t === type && (length = Math.max(length, whole.length - 8))));
		const { width, height, frames, durationS } = readMp4Info(load(name));
		let refused = 0;
		for (let keep = 0; keep < length; keep++) {
			const info = readOrRefuse(cut(keep));
			if (info) expect(info).toMatchObject({ width, height, frames, durationS });
			else refused++;
		}
		expect(refused).toBeGreaterThan(0);
		if (expected === 'refused') expect(refused).toBe(length);
	});

	it.each(READABLE)('never throws anything but VideoInputError on %s with random bytes changed', (name) => {
		const next = random(name.length * 7919 + 17);
		const original = load(name);
		// Changes go into the boxes that describe the video (everything but the encoded frames in mdat), where they matter.
		const described = edit.topLevelBoxes(original).filter((box) => box.type !== 'mdat');
		let refused = 0;
		for (let round = 0; round < 1000; round++) {
			const bytes = Buffer.from(original);
			for (let changes = 1 + Math.floor(next() * 4); changes > 0; changes--) {
				const region = described[Math.floor(next() * described.length)];
				const at = region.start + Math.floor(next() * region.size);
				bytes[at] = next() < 0.5 ? bytes[at] ^ (1 << Math.floor(next() * 8)) : Math.floor(next() * 256);
			}
			const cut = next() < 0.2 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes;
			const info = readOrRefuse(cut);
			if (info) expect(info.width * info.height * info.frames).toBeGreaterThan(0);
			else refused++;
		}
		expect(refused).toBeGreaterThan(0);
	});
});
