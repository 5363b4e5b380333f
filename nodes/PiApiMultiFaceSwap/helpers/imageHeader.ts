/**
 * Reads the format and pixel size of PNG, JPEG and WebP files from their structure, strictly enough to catch
 * truncated or corrupt files before PiAPI bills a request it would reject. Hand-written because community nodes
 * may not ship runtime dependencies.
 *
 * Width and height are the stored ones; EXIF orientation is ignored on purpose, because PiAPI's size limit applies
 * to the stored pixels, not to how a viewer rotates them.
 */
import { ImageInputError, ascii, corrupt, imageInfo, truncated, u16be, u32be } from './imageBytes';
import type { ImageFormat, ImageInfo } from './imageBytes';
import { describeUnsupportedContent } from './imageSniff';
import { readWebp } from './imageWebp';

/** The bytes needed to tell PNG, JPEG and WebP apart (WebP's "RIFF", size, "WEBP"). */
export const SIGNATURE_BYTES = 12;

/** The format the file's signature claims (its first SIGNATURE_BYTES bytes), without checking the rest. */
export function imageFormatOf(bytes: Uint8Array): ImageFormat | undefined {
	if (bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return 'png';
	if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
	return undefined;
}

export function readImageInfo(bytes: Uint8Array): ImageInfo {
	if (bytes.length === 0) throw new ImageInputError('is empty (0 bytes)');
	const format = imageFormatOf(bytes);
	if (format === 'png') return readPng(bytes);
	if (format === 'jpeg') return readJpeg(bytes);
	if (format === 'webp') return readWebp(bytes);
	if (ascii(bytes, 0, 4) === 'RIFF' && bytes.length < 12) {
		throw new ImageInputError('is a truncated file: it ends inside its RIFF header (WebP images start with one)');
	}
	throw new ImageInputError(describeUnsupportedContent(bytes));
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function readPng(bytes: Uint8Array): ImageInfo {
	for (let i = 0; i < PNG_SIGNATURE.length && i < bytes.length; i++) {
		if (bytes[i] !== PNG_SIGNATURE[i]) {
			// Line-ending conversion by a text-mode transfer is the classic cause.
			throw corrupt('png', 'its signature is damaged, as happens when a file is transferred as text');
		}
	}
	// Signature (8) + IHDR chunk: length (4), type (4), data (13), CRC (4).
	if (bytes.length < 33) throw truncated('png');
	if (u32be(bytes, 8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR') {
		throw corrupt('png', 'the IHDR header chunk is missing or malformed');
	}
	if (crc32(bytes.subarray(12, 29)) !== u32be(bytes, 29)) {
		throw corrupt('png', 'the IHDR header chunk fails its checksum');
	}
	// Walk the chunk headers up to IEND: a file cut short never reaches it. Bytes after IEND are ignored, as decoders do.
	let sawImageData = false;
	for (let offset = 33; ; ) {
		if (offset + 12 > bytes.length) throw truncated('png');
		const length = u32be(bytes, offset);
		const type = ascii(bytes, offset + 4, 4);
		if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) {
			throw corrupt('png', `invalid chunk header at byte ${offset}`);
		}
		if (offset + 12 + length > bytes.length) throw truncated('png');
		if (type === 'IEND') break;
		if (type === 'IDAT') sawImageData = true;
		offset += 12 + length;
	}
	if (!sawImageData) throw corrupt('png', 'it contains no image data (IDAT chunk)');
	return imageInfo('png', u32be(bytes, 16), u32be(bytes, 20), bytes.length);
}

function crc32(data: Uint8Array): number {
	let crc = 0xffffffff;
	for (const byte of data) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

/** Start-of-frame markers carry the image size: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
/** Markers without a length field: TEM and the restart markers RST0–RST7. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

/**
 * Walks the marker segments from SOI to EOI. Segments are skipped by their length, so an EXIF thumbnail (a whole
 * JPEG inside APP1) is never mistaken for the image; entropy-coded scan data is skipped up to the next real marker.
 * Reaching EOI proves the file is complete, and bytes after it (phone "motion photo" trailers) are ignored.
 */
function readJpeg(bytes: Uint8Array): ImageInfo {
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
