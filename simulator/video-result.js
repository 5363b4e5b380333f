// @ts-check
// The result of every completed video task: videos/result.mp4 (made once by videos/make.sh), whose frames read
// "SIMULATED - no real face swap". No face is swapped: the simulator must never pass for the real service.

const { readFile } = require('node:fs/promises');
const path = require('node:path');
const { sharp } = require('./sharp');
const { paddedSize } = require('./mp4-padding');

const MAX_SIDE = 2048; // PiAPI: the swap image under 2048x2048, as for image tasks

/** @type {Promise<Buffer>|undefined} */
let resultFile;

/**
 * @param {Buffer} swap the swap image's bytes (checked as PiAPI checks images)
 * @param {number} resultBytes served size with a `free` box (0 = the file as it is)
 * @returns {Promise<import('./tasks').RenderedResult>}
 */
async function renderVideoResult(swap, resultBytes) {
	const { width, height } = await sharp(swap).metadata();
	if (width > MAX_SIDE || height > MAX_SIDE) throw new Error(`swap_image is ${width}x${height}, over 2048x2048`);
	resultFile ??= readFile(path.join(__dirname, 'videos', 'result.mp4'));
	const bytes = await resultFile;
	return { bytes, mimeType: 'video/mp4', ext: 'mp4', size: paddedSize(bytes.length, resultBytes) };
}

module.exports = { renderVideoResult };
