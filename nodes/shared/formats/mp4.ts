/**
 * MP4 (ISO base media file) video: the video track's size, frame count and duration, read from the file's own boxes
 * so that PiAPI's limits (MP4, 720p, 600 frames) are checked before a paid request. Hand-written because community
 * nodes may not ship runtime dependencies. Works on the whole file in memory (inputs are at most 10 MB).
 *
 * Fragmented MP4 is read (mp4Fragments.ts), not refused: its frames and durations are in the `trun` boxes of each
 * fragment (with `tfhd`/`trex` defaults), a fixed layout no harder to sum than `stsz`/`stts`, and recordings from
 * browsers (MediaRecorder) and streaming tools often come this way. Box walking and errors: mp4Boxes.ts.
 */
import { ascii, u16be, u32be } from './bytes';
import { CUT_SHORT, VideoInputError, child, corrupt, need, readBoxes, required, truncated } from './mp4Boxes';
import type { Box } from './mp4Boxes';
import { readFragments } from './mp4Fragments';
import { describeNonMp4, describeNonMp4Brand } from './videoSniff';

export { VideoInputError } from './mp4Boxes';

export interface VideoInfo {
	format: 'mp4';
	mimeType: 'video/mp4';
	extension: 'mp4';
	width: number;
	height: number;
	/**
	 * Frames stored in the first video track (its samples): every frame a decoder reads. An edit list (edts/elst, e.g.
	 * from a stream-copied trim) may present fewer; how PiAPI counts is not published, so the larger count is the one
	 * checked against its 600-frame limit.
	 */
	frames: number;
	/** Total duration of the stored frames, in seconds (rounded to milliseconds). */
	durationS: number;
	bytes: number;
}

/** True when the first bytes (12 are enough; 64 for result streams) start an MP4: an `ftyp` box, not QuickTime or HEIF. */
export function isMp4Signature(head: Uint8Array): boolean {
	return head.length >= 12 && ascii(head, 4, 4) === 'ftyp' && describeNonMp4Brand(ascii(head, 8, 4)) === undefined;
}

export function readMp4Info(bytes: Uint8Array): VideoInfo {
	if (bytes.length === 0) throw new VideoInputError('is empty (0 bytes)');
	if (ascii(bytes, 4, 4) !== 'ftyp') throw new VideoInputError(describeNonMp4(bytes));
	if (bytes.length < 16) throw truncated('its file-type (ftyp) box');
	const notMp4 = describeNonMp4Brand(ascii(bytes, 8, 4));
	if (notMp4) throw new VideoInputError(notMp4);

	const top = readBoxes(bytes, 0, bytes.length);
	const moov = top.find((box) => box.type === 'moov');
	if (!moov) throw missingMoov(top);
	const movie = readBoxes(bytes, moov.start, moov.end, 'moov');
	// The first video track, as ffprobe's v:0: a file may hold audio, subtitle or other tracks before it.
	const traks = movie.filter((box) => box.type === 'trak');
	const handlers = traks.map((trak) => handlerOf(bytes, trak));
	if (!handlers.includes('vide')) throw noVideoTrack(handlers);
	const video = readVideoTrack(bytes, traks[handlers.indexOf('vide')]);
	const { width, height, timescale } = video;

	let { frames, ticks } = readSampleTables(bytes, video.stbl);
	checkChunksInFile(bytes, video.stbl);
	const mvex = movie.find((box) => box.type === 'mvex');
	const fragments = readFragments(bytes, top, mvex, video.id);
	frames += fragments.frames;
	ticks += fragments.ticks;
	if (frames === 0) {
		throw new VideoInputError(
			mvex
				? `is a fragmented MP4 without any video frames (its fragments are missing: ${CUT_SHORT})`
				: 'has a video track without any frames',
		);
	}
	const durationS = Math.round((ticks / timescale) * 1000) / 1000;
	return { format: 'mp4', mimeType: 'video/mp4', extension: 'mp4', width, height, frames, durationS, bytes: bytes.length };
}

/** The track's kind: 'vide', 'soun', 'subt'… ('' when its handler box is missing or too short). */
function handlerOf(bytes: Uint8Array, trak: Box): string {
	const hdlr = child(bytes, required(bytes, trak, 'mdia'), 'hdlr');
	return hdlr && hdlr.end - hdlr.start >= 12 ? ascii(bytes, hdlr.start + 8, 4) : '';
}

interface VideoTrack {
	id: number;
	width: number;
	height: number;
	timescale: number;
	stbl: Box;
}

function readVideoTrack(bytes: Uint8Array, trak: Box): VideoTrack {
	const mdia = required(bytes, trak, 'mdia');
	const tkhd = required(bytes, trak, 'tkhd');
	const v1 = bytes[tkhd.start] === 1;
	need(tkhd, v1 ? 96 : 84);
	const id = u32be(bytes, tkhd.start + (v1 ? 20 : 12));
	// 16.16 fixed point: the integer part is the size in pixels.
	let width = u16be(bytes, tkhd.start + (v1 ? 88 : 76));
	let height = u16be(bytes, tkhd.start + (v1 ? 92 : 80));

	const mdhd = required(bytes, mdia, 'mdhd');
	need(mdhd, bytes[mdhd.start] === 1 ? 32 : 20);
	const timescale = u32be(bytes, mdhd.start + (bytes[mdhd.start] === 1 ? 20 : 12));
	if (timescale === 0) throw corrupt('the video track gives a timescale of 0');

	const stbl = required(bytes, required(bytes, mdia, 'minf'), 'stbl');
	// The sample description holds the stored frame size (what decoders output, and ffprobe shows); tkhd holds the
	// display size, which differs for non-square pixels. The stored size is what PiAPI has to process.
	const entry = storedFrameSize(bytes, stbl);
	if (entry) ({ width, height } = entry);
	if (width === 0 || height === 0) throw corrupt(`the video track gives a frame size of ${width}×${height} px`);
	return { id, width, height, timescale, stbl };
}

function storedFrameSize(bytes: Uint8Array, stbl: Box): { width: number; height: number } | undefined {
	const stsd = required(bytes, stbl, 'stsd');
	need(stsd, 8);
	const [entry] = readBoxes(bytes, stsd.start + 8, stsd.end, 'stsd');
	// VisualSampleEntry: 6 reserved, data reference index (2), 16 reserved/pre-defined, then width and height (16 bits).
	if (!entry || entry.end - entry.start < 28) return undefined;
	const size = { width: u16be(bytes, entry.start + 24), height: u16be(bytes, entry.start + 26) };
	return size.width > 0 && size.height > 0 ? size : undefined;
}

/** Frames (stsz or stz2) and their total duration in timescale ticks (stts), which must agree on the count. */
function readSampleTables(bytes: Uint8Array, stbl: Box): { frames: number; ticks: number } {
	const stsz = child(bytes, stbl, 'stsz') ?? child(bytes, stbl, 'stz2');
	if (!stsz) throw corrupt('the video track has no sample size table (stsz or stz2)');
	need(stsz, 12);
	const frames = u32be(bytes, stsz.start + 8);
	const fixedSize = stsz.type === 'stsz' ? u32be(bytes, stsz.start + 4) : 0;
	const fieldBits = stsz.type === 'stz2' ? bytes[stsz.start + 7] : 32;
	if (fixedSize === 0 && stsz.end - stsz.start - 12 < Math.ceil((frames * fieldBits) / 8)) {
		throw corrupt(`its sample size table lists ${frames} frames but has room for fewer`);
	}

	const stts = required(bytes, stbl, 'stts');
	need(stts, 8);
	const entries = u32be(bytes, stts.start + 4);
	if (stts.end - stts.start - 8 < entries * 8) throw corrupt(`its time-to-sample table is shorter than its ${entries} entries`);
	let counted = 0;
	let ticks = 0;
	for (let i = 0, at = stts.start + 8; i < entries; i++, at += 8) {
		const count = u32be(bytes, at);
		counted += count;
		ticks += count * u32be(bytes, at + 4);
	}
	if (counted !== frames) {
		throw corrupt(`its sample tables disagree: ${frames} frames by size (stsz), ${counted} by time (stts)`);
	}
	return { frames, ticks };
}

/** Every chunk of video data the index points at must start inside the file: a file cut after its index has none. */
function checkChunksInFile(bytes: Uint8Array, stbl: Box): void {
	const table = child(bytes, stbl, 'stco') ?? child(bytes, stbl, 'co64');
	if (!table) return; // fragmented files keep their samples in the fragments
	need(table, 8);
	const entries = u32be(bytes, table.start + 4);
	const width = table.type === 'co64' ? 8 : 4;
	if (table.end - table.start - 8 < entries * width) throw corrupt(`its chunk offset table is shorter than its ${entries} entries`);
	for (let i = 0, at = table.start + 8; i < entries; i++, at += width) {
		const offset = width === 8 ? u32be(bytes, at) * 2 ** 32 + u32be(bytes, at + 4) : u32be(bytes, at);
		if (offset >= bytes.length) {
			throw truncated(`its video data: the index points at byte ${offset}, but the file has ${bytes.length} bytes`);
		}
	}
}

function missingMoov(top: Box[]): VideoInputError {
	if (top.some((box) => box.type === 'mdat')) {
		return new VideoInputError(
			`is a truncated MP4 file: it has video data but no index (moov box), which usually comes last (${CUT_SHORT})`,
		);
	}
	return corrupt('it has no movie (moov) box');
}

function noVideoTrack(handlers: string[]): VideoInputError {
	if (handlers.includes('soun')) {
		return new VideoInputError('has no video track: it is audio only (e.g. an .m4a file); PiAPI needs a video');
	}
	return new VideoInputError(`has no video track (${handlers.length} other track${handlers.length === 1 ? '' : 's'})`);
}
