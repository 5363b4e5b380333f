// @ts-check
// Makes a result image about N bytes big (option resultBytes, for memory benchmarks) while keeping it a valid image
// of the same format with the same pixels: the extra bytes are filler text in a container part that decoders skip.
// JPEG: COM (comment) segments; PNG: a tEXt "Comment" chunk; WebP: an unknown RIFF chunk (extended format).

const { crc32 } = require('node:zlib');

/** @typedef {{ format: import('./formats').ImageFormat, width: number, height: number, hasAlpha: boolean }} ImageInfo */

const FILLER = 'PiAPI simulator padding (resultBytes option). ';
const MAX_JPEG_SEGMENT_DATA = 65533; // a segment's 16-bit length also counts its own 2 bytes

/** @param {number} length */
function filler(length) {
	return Buffer.from(FILLER.repeat(Math.ceil(length / FILLER.length)).slice(0, Math.max(0, length)), 'latin1');
}

/** JPEG: COM (0xFFFE) segments right after the SOI marker. @param {Buffer} jpeg @param {number} extra */
function padJpeg(jpeg, extra) {
	/** @type {Buffer[]} */
	const segments = [];
	let left = extra;
	while (left > 4) {
		const dataLength = Math.min(MAX_JPEG_SEGMENT_DATA, left - 4);
		const header = Buffer.from([0xff, 0xfe, 0, 0]);
		header.writeUInt16BE(dataLength + 2, 2);
		segments.push(header, filler(dataLength));
		left -= dataLength + 4;
	}
	return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** PNG: a tEXt chunk just before IEND (the last 12 bytes). @param {Buffer} png @param {number} extra */
function padPng(png, extra) {
	const typeAndData = Buffer.concat([Buffer.from('tEXtComment\0', 'latin1'), filler(extra - 12 - 8)]);
	const chunk = Buffer.alloc(typeAndData.length + 8);
	chunk.writeUInt32BE(typeAndData.length - 4, 0);
	typeAndData.copy(chunk, 4);
	chunk.writeUInt32BE(crc32(typeAndData), chunk.length - 4);
	return Buffer.concat([png.subarray(0, png.length - 12), chunk, png.subarray(png.length - 12)]);
}

/**
 * WebP: unknown chunks are only allowed in the extended format, so add a VP8X header when missing,
 * then an unknown "SIMP" chunk at the end.
 * @param {Buffer} webp @param {ImageInfo} info @param {number} extra
 */
function padWebp(webp, info, extra) {
	const chunks = webp.subarray(12);
	/** @type {Buffer[]} */
	const parts = [];
	if (chunks.toString('latin1', 0, 4) !== 'VP8X') {
		const vp8x = Buffer.alloc(18);
		vp8x.write('VP8X', 0, 'latin1');
		vp8x.writeUInt32LE(10, 4);
		vp8x[8] = info.hasAlpha ? 0x10 : 0;
		vp8x.writeUIntLE(info.width - 1, 12, 3);
		vp8x.writeUIntLE(info.height - 1, 15, 3);
		parts.push(vp8x);
	}
	parts.push(chunks);
	const dataLength = Math.max(0, extra - 8 - (parts.length > 1 ? 18 : 0)) & ~1; // chunk sizes are even
	const header = Buffer.alloc(8);
	header.write('SIMP', 0, 'latin1');
	header.writeUInt32LE(dataLength, 4);
	parts.push(header, filler(dataLength));
	const body = Buffer.concat(parts);
	const riff = Buffer.alloc(12);
	riff.write('RIFF', 0, 'latin1');
	riff.writeUInt32LE(body.length + 4, 4);
	riff.write('WEBP', 8, 'latin1');
	return Buffer.concat([riff, body]);
}

/**
 * @param {Buffer} image
 * @param {ImageInfo} info
 * @param {number} targetBytes 0 = unchanged
 * @returns {Buffer}
 */
function padImage(image, info, targetBytes) {
	const extra = Math.floor(targetBytes) - image.length;
	if (extra <= 64) return image;
	if (info.format === 'jpeg') return padJpeg(image, extra);
	if (info.format === 'png') return padPng(image, extra);
	return padWebp(image, info, extra);
}

module.exports = { padImage };
