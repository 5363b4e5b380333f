/** PNG: signature, IHDR (checked by its CRC) and the chunk chain up to IEND. */
import { ascii, corrupt, imageInfo, truncated, u32be } from './bytes';
import type { ImageInfo } from './bytes';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readPng(bytes: Uint8Array): ImageInfo {
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
