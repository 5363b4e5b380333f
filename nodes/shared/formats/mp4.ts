/**
 * MP4 (ISO base media file) video: the video track's size, frame count and duration, read from the file's own boxes
 * so that PiAPI's limits (MP4, 720p, 600 frames) are checked before a paid request. Hand-written because community
 * nodes may not ship runtime dependencies. Works on the whole file in memory (inputs are at most 10 MB).
 *
 * Fragmented MP4 (ffmpeg's frag_keyframe/empty_moov, DASH/CMAF) is read, not refused: its frames and durations are
 * in the `trun` boxes of each fragment (with `tfhd`/`trex` defaults), a fixed layout that is no harder to sum than
 * `stsz`/`stts`, and files from phones and browsers' MediaRecorder often come this way.
 */
import { ascii, u16be, u32be } from './bytes';
import { describeNonMp4, describeNonMp4Brand } from './videoSniff';

export interface VideoInfo {
	format: 'mp4';
	mimeType: 'video/mp4';
	extension: 'mp4';
	width: number;
	height: number;
	/** Samples of the (first) video track: frames as PiAPI counts them for its limit and price. */
	frames: number;
	/** Sum of the video samples' durations, in seconds (rounded to milliseconds). */
	durationS: number;
	bytes: number;
}

/** Input that must not be sent. The message completes "The target video …"; the caller prefixes item and field. */
export class VideoInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'VideoInputError';
	}
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
	const traks = movie.filter((box) => box.type === 'trak').map((trak) => readTrack(bytes, trak));
	const video = traks.find((track) => track.handler === 'vide');
	if (!video) throw noVideoTrack(traks.map((track) => track.handler));
	const { width, height, timescale } = video;

	let { frames, ticks } = readSampleTables(bytes, video.stbl);
	checkChunksInFile(bytes, video.stbl);
	const mvex = movie.find((box) => box.type === 'mvex');
	const moofs = top.filter((box) => box.type === 'moof');
	if (mvex || moofs.length > 0) {
		const fragments = readFragments(bytes, moofs, video.id, mvex && trexDuration(bytes, mvex, video.id));
		frames += fragments.frames;
		ticks += fragments.ticks;
	}
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

const CUT_SHORT = 'was the download or copy cut short?';
const truncated = (where: string) =>
	new VideoInputError(`is a truncated MP4 file: it ends inside ${where} (${CUT_SHORT})`);
const corrupt = (detail: string) => new VideoInputError(`is a corrupt MP4 file (${detail})`);

/** A box: its type, where its content starts (after the header) and where the box ends. */
interface Box {
	type: string;
	start: number;
	end: number;
}


/**
 * The boxes that fill bytes[start, end). At the top level a box that runs past the end means the file was cut short;
 * inside a parent box it means the file is malformed. Handles 64-bit sizes (size 1) and "to the end" (size 0).
 */
function readBoxes(bytes: Uint8Array, start: number, end: number, parent?: string): Box[] {
	const boxes: Box[] = [];
	for (let offset = start; offset < end; ) {
		const left = end - offset;
		const type = ascii(bytes, offset + 4, 4);
		let size = u32be(bytes, offset);
		let header = 8;
		if (size === 1) {
			header = 16;
			size = left >= 16 ? u32be(bytes, offset + 8) * 2 ** 32 + u32be(bytes, offset + 12) : 0;
		} else if (size === 0) {
			size = left;
		}
		if (left < header) {
			if (!parent) throw truncated(`a box header at byte ${offset}`);
			throw corrupt(`${left} stray bytes at the end of the "${parent}" box`);
		}
		// Box types are four printable characters; anything else is a damaged header, not a file cut short.
		if (!/^[\x20-\x7e\xa9]{4}$/.test(type)) throw corrupt(`unreadable box header at byte ${offset}`);
		if (size < header) throw corrupt(`the "${type}" box at byte ${offset} gives an impossible size of ${size} bytes`);
		if (size > left) {
			if (!parent) throw truncated(`its "${type}" box, of which only ${left} of ${size} bytes are there`);
			throw corrupt(`the "${type}" box at byte ${offset} runs past the end of its "${parent}" box`);
		}
		boxes.push({ type, start: offset + header, end: offset + size });
		offset += size;
	}
	return boxes;
}

function child(bytes: Uint8Array, parent: Box, type: string): Box | undefined {
	return readBoxes(bytes, parent.start, parent.end, parent.type).find((box) => box.type === type);
}

function required(bytes: Uint8Array, parent: Box, type: string): Box {
	const box = child(bytes, parent, type);
	if (!box) throw corrupt(`the "${parent.type}" box has no "${type}" box`);
	return box;
}

/** Checks that a box's content holds `length` bytes before they are read. */
function need(box: Box, length: number): void {
	if (box.end - box.start < length) throw corrupt(`the "${box.type}" box is too short (${box.end - box.start} bytes)`);
}

interface Track {
	handler: string;
	id: number;
	width: number;
	height: number;
	timescale: number;
	stbl: Box;
}

function readTrack(bytes: Uint8Array, trak: Box): Track {
	const mdia = required(bytes, trak, 'mdia');
	const hdlr = child(bytes, mdia, 'hdlr');
	const handler = hdlr && hdlr.end - hdlr.start >= 12 ? ascii(bytes, hdlr.start + 8, 4) : '';
	if (handler !== 'vide') return { handler, id: 0, width: 0, height: 0, timescale: 0, stbl: trak };

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
	return { handler, id, width, height, timescale, stbl };
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

/** The default sample duration of the track in `mvex`/`trex`, used when a fragment gives none. */
function trexDuration(bytes: Uint8Array, mvex: Box, trackId: number): number | undefined {
	for (const trex of readBoxes(bytes, mvex.start, mvex.end, 'mvex').filter((box) => box.type === 'trex')) {
		need(trex, 24);
		if (u32be(bytes, trex.start + 4) === trackId) return u32be(bytes, trex.start + 12);
	}
	return undefined;
}

// tfhd flags: which optional fields follow the track ID (8, 4, 4, 4 and 4 bytes).
const TFHD_BASE_OFFSET = 0x01;
const TFHD_DESCRIPTION = 0x02;
const TFHD_DURATION = 0x08;
// trun flags: optional fields before the table, and which 4-byte fields each table row holds.
const TRUN_DATA_OFFSET = 0x01;
const TRUN_FIRST_FLAGS = 0x04;
const TRUN_ROW_FIELDS = [0x100, 0x200, 0x400, 0x800];
const TRUN_DURATION = 0x100;

/** Frames and ticks of the video track in the fragments (`moof`/`traf`/`trun`). */
function readFragments(bytes: Uint8Array, moofs: Box[], trackId: number, trexDefault: number | undefined) {
	let frames = 0;
	let ticks = 0;
	for (const moof of moofs) {
		for (const traf of readBoxes(bytes, moof.start, moof.end, 'moof').filter((box) => box.type === 'traf')) {
			const boxes = readBoxes(bytes, traf.start, traf.end, 'traf');
			const tfhd = boxes.find((box) => box.type === 'tfhd');
			if (!tfhd) throw corrupt('a track fragment has no header (tfhd)');
			need(tfhd, 8);
			if (u32be(bytes, tfhd.start + 4) !== trackId) continue;
			const flags = u32be(bytes, tfhd.start) & 0xffffff;
			const durationAt = tfhd.start + 8 + (flags & TFHD_BASE_OFFSET ? 8 : 0) + (flags & TFHD_DESCRIPTION ? 4 : 0);
			need(tfhd, durationAt + 4 - tfhd.start);
			const defaultDuration = flags & TFHD_DURATION ? u32be(bytes, durationAt) : trexDefault;
			for (const trun of boxes.filter((box) => box.type === 'trun')) {
				const run = readRun(bytes, trun, defaultDuration);
				frames += run.frames;
				ticks += run.ticks;
			}
		}
	}
	return { frames, ticks };
}

function readRun(bytes: Uint8Array, trun: Box, defaultDuration: number | undefined): { frames: number; ticks: number } {
	need(trun, 8);
	const flags = u32be(bytes, trun.start) & 0xffffff;
	const frames = u32be(bytes, trun.start + 4);
	const rowStart = trun.start + 8 + (flags & TRUN_DATA_OFFSET ? 4 : 0) + (flags & TRUN_FIRST_FLAGS ? 4 : 0);
	const rowSize = 4 * TRUN_ROW_FIELDS.filter((field) => flags & field).length;
	if (rowStart + frames * rowSize > trun.end) throw corrupt(`a fragment's run lists ${frames} frames but has room for fewer`);
	if (!(flags & TRUN_DURATION)) {
		if (defaultDuration === undefined) throw corrupt('a fragment gives no duration for its frames');
		return { frames, ticks: frames * defaultDuration };
	}
	let ticks = 0;
	for (let i = 0; i < frames; i++) ticks += u32be(bytes, rowStart + i * rowSize);
	return { frames, ticks };
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
