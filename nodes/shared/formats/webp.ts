/** WebP: the RIFF container and the VP8 (lossy), VP8L (lossless) and VP8X (extended) headers. */
import { ascii, corrupt, imageInfo, truncated, u16le, u24le, u32le } from './bytes';
import type { ImageInfo } from './bytes';

/** Simple (VP8 / VP8L) and extended (VP8X) WebP; RIFF size and chunk sizes must agree with the file. */
export function readWebp(bytes: Uint8Array): ImageInfo {
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
