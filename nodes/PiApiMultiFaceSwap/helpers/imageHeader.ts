/**
 * Reads the format and pixel size of PNG, JPEG and WebP files from their structure, strictly enough to catch
 * truncated or corrupt files before PiAPI bills a request it would reject. Hand-written because community nodes
 * may not ship runtime dependencies.
 *
 * Width and height are the stored ones; EXIF orientation is ignored on purpose, because PiAPI's size limit applies
 * to the stored pixels, not to how a viewer rotates them.
 */
import { describeUnsupportedContent } from './imageSniff';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageInfo {
	format: ImageFormat;
	mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
	extension: 'png' | 'jpg' | 'webp';
	width: number;
	height: number;
	bytes: number;
}

/** Input that must not be sent. The message is user-facing and complete; the caller prefixes item and field. */
export class ImageInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ImageInputError';
	}
}

const FORMAT_DETAILS = {
	png: { name: 'PNG', mimeType: 'image/png', extension: 'png' },
	jpeg: { name: 'JPEG', mimeType: 'image/jpeg', extension: 'jpg' },
	webp: { name: 'WebP', mimeType: 'image/webp', extension: 'webp' },
} as const;

export function formatName(format: ImageFormat): string {
	return FORMAT_DETAILS[format].name;
}

const truncated = (format: ImageFormat) =>
	new ImageInputError(
		`is a truncated ${formatName(format)} file: it ends before the image is complete (was the download or copy cut short?)`,
	);

const corrupt = (format: ImageFormat, detail: string) =>
	new ImageInputError(`is a corrupt ${formatName(format)} file (${detail})`);

function imageInfo(format: ImageFormat, width: number, height: number, bytes: number): ImageInfo {
	if (width === 0 || height === 0) {
		throw corrupt(format, `its header gives a size of ${width}×${height} px`);
	}
	const { mimeType, extension } = FORMAT_DETAILS[format];
	return { format, mimeType, extension, width, height, bytes };
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32le = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
const ascii = (b: Uint8Array, start: number, length: number) =>
	String.fromCharCode(...b.subarray(start, start + length));

export function readImageInfo(bytes: Uint8Array): ImageInfo {
	if (bytes.length === 0) throw new ImageInputError('is empty (0 bytes)');
	if (bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return readPng(bytes);
	if (bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes);
	if (ascii(bytes, 0, 4) === 'RIFF') {
		if (bytes.length < 12) {
			throw new ImageInputError('is a truncated file: it ends inside its RIFF header (WebP images start with one)');
		}
		if (ascii(bytes, 8, 4) === 'WEBP') return readWebp(bytes);
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

/** Simple (VP8 / VP8L) and extended (VP8X) WebP; RIFF size and chunk sizes must agree with the file. */
function readWebp(bytes: Uint8Array): ImageInfo {
	const riffEnd = 8 + u32le(bytes, 4);
	// Bytes after the RIFF container are ignored (as libwebp does); a RIFF size beyond the file means truncation.
	if (riffEnd > bytes.length) throw truncated('webp');
	if (riffEnd < 20) throw corrupt('webp', 'its RIFF size is too small to hold an image');
	let canvas: { width: number; height: number; animated: boolean } | undefined;
	let frame: { width: number; height: number } | undefined;
	let sawAnimationFrame = false;
	for (let offset = 12; offset + 8 <= riffEnd && !frame && !sawAnimationFrame; ) {
		const type = ascii(bytes, offset, 4);
		const size = u32le(bytes, offset + 4);
		const payload = offset + 8;
		if (!/^[A-Z0-9 ]{4}$/i.test(type)) throw corrupt('webp', `invalid chunk header at byte ${offset}`);
		if (payload + size > riffEnd) throw corrupt('webp', `the ${type.trim()} chunk extends past the RIFF size`);
		if (offset === 12 && !['VP8 ', 'VP8L', 'VP8X'].includes(type)) {
			throw corrupt('webp', 'it does not start with a VP8, VP8L or VP8X chunk');
		}
		if (type === 'VP8X') {
			if (offset !== 12 || size < 10) throw corrupt('webp', 'the VP8X header chunk is malformed');
			const animated = (bytes[payload] & 0x02) !== 0;
			canvas = { width: u24le(bytes, payload + 4) + 1, height: u24le(bytes, payload + 7) + 1, animated };
		} else if (type === 'VP8 ') {
			frame = readVp8Frame(bytes, payload, size);
		} else if (type === 'VP8L') {
			frame = readVp8lFrame(bytes, payload, size);
		} else if (type === 'ANMF' && canvas?.animated) {
			sawAnimationFrame = true;
		}
		offset = payload + size + (size & 1); // chunks are padded to an even length
	}
	if (!canvas) {
		if (!frame) throw corrupt('webp', 'it contains no image data');
		return imageInfo('webp', frame.width, frame.height, bytes.length);
	}
	if (canvas.animated ? !sawAnimationFrame : !frame) throw corrupt('webp', 'it contains no image data');
	if (frame && (frame.width !== canvas.width || frame.height !== canvas.height)) {
		throw corrupt(
			'webp',
			`the canvas is ${canvas.width}×${canvas.height} px but the image is ${frame.width}×${frame.height} px`,
		);
	}
	return imageInfo('webp', canvas.width, canvas.height, bytes.length);
}

function readVp8Frame(bytes: Uint8Array, payload: number, size: number) {
	if (size < 10) throw corrupt('webp', 'the VP8 chunk is too short');
	const frameTag = u24le(bytes, payload);
	const isKeyFrame = (frameTag & 1) === 0;
	const isShown = (frameTag & 0x10) !== 0;
	const profile = (frameTag >> 1) & 7;
	if (!isKeyFrame || !isShown || profile > 3) throw corrupt('webp', 'the VP8 frame header is invalid');
	if (bytes[payload + 3] !== 0x9d || bytes[payload + 4] !== 0x01 || bytes[payload + 5] !== 0x2a) {
		throw corrupt('webp', 'the VP8 key-frame start code is missing');
	}
	if (frameTag >>> 5 > size - 10) throw corrupt('webp', 'the VP8 first partition is larger than its chunk');
	return { width: u16le(bytes, payload + 6) & 0x3fff, height: u16le(bytes, payload + 8) & 0x3fff };
}

function readVp8lFrame(bytes: Uint8Array, payload: number, size: number) {
	if (size < 5) throw corrupt('webp', 'the VP8L chunk is too short');
	if (bytes[payload] !== 0x2f) throw corrupt('webp', 'the VP8L signature byte is missing');
	const bits = u32le(bytes, payload + 1);
	if (bits >>> 29 !== 0) throw corrupt('webp', 'the VP8L version is unknown');
	return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}
