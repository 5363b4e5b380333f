// @ts-check
// Makes an MP4 result N bytes big (option videoResultBytes, for memory benchmarks) while keeping it a valid MP4: the
// extra bytes are one top-level `free` box at the end, which players skip. The padded file is never built in memory:
// it is sent as the file, then the box header, then one shared filler chunk over and over.

const { createHash } = require('node:crypto');

const CHUNK_BYTES = 64 * 1024;
const FILLER_TEXT = 'PiAPI simulator padding (videoResultBytes option). ';
const FILLER = Buffer.alloc(CHUNK_BYTES, FILLER_TEXT, 'latin1');
const MAX_BOX_BYTES = 0xffffffff; // a 32-bit box size: enough for any result this simulator pads to

/**
 * The size a file of `length` bytes is served at: `targetBytes` when a `free` box (8 bytes at least) fits in between.
 * @param {number} length
 * @param {number} targetBytes 0 = unpadded
 */
function paddedSize(length, targetBytes) {
	const target = Math.floor(targetBytes);
	return target - length >= 8 && target - length <= MAX_BOX_BYTES ? target : length;
}

/**
 * The file's bytes followed by a `free` box up to `size`, in chunks of at most 64 KB.
 * @param {Buffer} file
 * @param {number} size from paddedSize
 * @returns {Generator<Buffer>}
 */
function* paddedChunks(file, size) {
	for (let at = 0; at < file.length; at += CHUNK_BYTES) yield file.subarray(at, at + CHUNK_BYTES);
	if (size === file.length) return;
	const header = Buffer.alloc(8);
	header.writeUInt32BE(size - file.length, 0);
	header.write('free', 4, 'latin1');
	yield header;
	for (let left = size - file.length - 8; left > 0; left -= CHUNK_BYTES) {
		yield FILLER.subarray(0, Math.min(left, CHUNK_BYTES));
	}
}

/** The whole padded file in one buffer: for small files and tests only. @param {Buffer} file @param {number} size */
const paddedBytes = (file, size) => Buffer.concat([...paddedChunks(file, size)]);

/** SHA-256 (hex) of the padded file, computed chunk by chunk. @param {Buffer} file @param {number} size */
function paddedSha256(file, size) {
	const hash = createHash('sha256');
	for (const chunk of paddedChunks(file, size)) hash.update(chunk);
	return hash.digest('hex');
}

module.exports = { paddedSize, paddedChunks, paddedBytes, paddedSha256 };
