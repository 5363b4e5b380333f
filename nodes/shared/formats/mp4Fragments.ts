/**
 * Fragmented MP4 (ffmpeg's frag_keyframe/empty_moov, DASH/CMAF, browsers' MediaRecorder): the movie box holds no
 * samples, each fragment (`moof`) lists its own in `traf`/`trun` boxes, with defaults in `tfhd` and the movie's `trex`.
 */
import { u32be } from './bytes';
import { corrupt, need, readBoxes } from './mp4Boxes';
import type { Box } from './mp4Boxes';

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

/** Frames and ticks (timescale units) of one track in all fragments (`moof`/`traf`/`trun`) among the top-level boxes. */
export function readFragments(bytes: Uint8Array, top: Box[], mvex: Box | undefined, trackId: number) {
	const trexDefault = mvex && trexDuration(bytes, mvex, trackId);
	let frames = 0;
	let ticks = 0;
	for (const moof of top.filter((box) => box.type === 'moof')) {
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
