/** JPEG: the marker segments from SOI to EOI, the frame header (SOF) giving the size. */
import { corrupt, imageInfo, truncated, u16be } from './bytes';
import type { ImageInfo } from './bytes';

/** Start-of-frame markers carry the image size: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
/** Markers without a length field: TEM and the restart markers RST0–RST7. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

/**
 * Walks the marker segments from SOI to EOI. Segments are skipped by their length, so an EXIF thumbnail (a whole
 * JPEG inside APP1) is never mistaken for the image; entropy-coded scan data is skipped up to the next real marker.
 * Reaching EOI proves the file is complete, and bytes after it (phone "motion photo" trailers) are ignored.
 */
export function readJpeg(bytes: Uint8Array): ImageInfo {
	let frame: { width: number; height: number } | undefined;
	let sawScan = false;
	let offset = 2;
	for (;;) {
		if (offset >= bytes.length) throw truncated('jpeg');
		if (bytes[offset] !== 0xff) throw corrupt('jpeg', `expected a marker at byte ${offset}`);
		while (bytes[offset] === 0xff) offset++; // 0xFF fill bytes may precede any marker
		if (offset >= bytes.length) throw truncated('jpeg');
		const marker = bytes[offset++];
		if (marker === 0xd9) break; // EOI
		if (isStandalone(marker)) continue;
		if (marker === 0x00 || marker === 0xd8) throw corrupt('jpeg', `unexpected marker at byte ${offset - 2}`);
		if (offset + 2 > bytes.length) throw truncated('jpeg');
		const segmentEnd = offset + u16be(bytes, offset);
		if (segmentEnd < offset + 2) throw corrupt('jpeg', `invalid segment length at byte ${offset}`);
		if (segmentEnd > bytes.length) throw truncated('jpeg');
		if (isStartOfFrame(marker) && !frame) {
			const componentCount = bytes[offset + 7];
			if (segmentEnd - offset < 8 || componentCount === 0 || segmentEnd - offset !== 8 + 3 * componentCount) {
				throw corrupt('jpeg', 'the frame header (SOF) is malformed');
			}
			frame = { height: u16be(bytes, offset + 3), width: u16be(bytes, offset + 5) };
		}
		if (marker === 0xda) {
			if (!frame) throw corrupt('jpeg', 'image data comes before the frame header (SOF)');
			sawScan = true;
			offset = skipEntropyCodedData(bytes, segmentEnd);
		} else {
			offset = segmentEnd;
		}
	}
	if (!frame) throw corrupt('jpeg', 'it has no frame header (SOF)');
	if (!sawScan) throw corrupt('jpeg', 'it contains no image data (SOS)');
	return imageInfo('jpeg', frame.width, frame.height, bytes.length);
}

/** Returns the offset of the next marker after scan data, or the file length when there is none (truncation). */
function skipEntropyCodedData(bytes: Uint8Array, start: number): number {
	for (let offset = bytes.indexOf(0xff, start); offset !== -1; offset = bytes.indexOf(0xff, offset + 1)) {
		const next = bytes[offset + 1];
		if (next === undefined) break;
		// FF00 is an escaped data byte and RSTn markers sit inside scan data: both continue the scan.
		if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) continue;
		return offset;
	}
	return bytes.length;
}
