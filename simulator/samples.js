// @ts-check
// Built-in sample images, drawn with sharp from SVG at first use and cached for the process: they give users and tests
// image URLs that end the way PiAPI requires (.png/.jpg/.webp) without any internet access. Sample videos are the
// small MP4 files of videos/ (made once by videos/make.sh), one valid and one breaking each of PiAPI's limits.

const { readFile } = require('node:fs/promises');
const path = require('node:path');
const { sharp } = require('./sharp');
const { MIME_BY_FORMAT } = require('./formats');
const { MAX_VIDEO_BYTES } = require('./video-check');

/** @typedef {import('./formats').ImageFormat} ImageFormat */
/** @typedef {{ bytes: Buffer, mimeType: string, size: number }} Sample size > bytes.length: an MP4 `free` box added */

/**
 * A simple cartoon face: head, eyes, mouth.
 * @param {number} cx @param {number} cy @param {number} r @param {string} skin @param {string} iris
 */
function face(cx, cy, r, skin, iris) {
	const eyeY = cy - r * 0.2;
	const eye = (/** @type {number} */ x) =>
		`<circle cx="${x}" cy="${eyeY}" r="${r * 0.16}" fill="#fff" stroke="#222" stroke-width="${r * 0.03}"/>` +
		`<circle cx="${x}" cy="${eyeY}" r="${r * 0.07}" fill="${iris}"/>`;
	const mouthY = cy + r * 0.4;
	return (
		`<circle cx="${cx}" cy="${cy}" r="${r}" fill="${skin}" stroke="#333" stroke-width="${r * 0.04}"/>` +
		eye(cx - r * 0.38) +
		eye(cx + r * 0.38) +
		`<path d="M ${cx - r * 0.4} ${mouthY} Q ${cx} ${mouthY + r * 0.35} ${cx + r * 0.4} ${mouthY}" ` +
		`fill="none" stroke="#822" stroke-width="${r * 0.07}" stroke-linecap="round"/>`
	);
}

/** @param {number} width @param {number} height @param {string} background @param {string} content @param {string} label */
function svg(width, height, background, content, label) {
	return Buffer.from(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
			`<rect width="100%" height="100%" fill="${background}"/>${content}` +
			`<text x="10" y="${height - 12}" font-family="DejaVu Sans, sans-serif" font-size="18" fill="#fff">${label}</text></svg>`,
	);
}

const TARGET_SVG = svg(512, 512, '#3b6ea5', face(256, 240, 150, '#f1c27d', '#2a5'), 'PiAPI simulator sample: target');
const SWAP_SVG = svg(384, 384, '#4a8c3f', face(192, 180, 120, '#c68642', '#555'), 'sample: swap');
const GROUP_SVG = svg(
	960,
	540,
	'#7a4a8c',
	face(180, 250, 110, '#f1c27d', '#2a5') +
		face(480, 230, 120, '#e0ac69', '#36c') +
		face(780, 260, 105, '#8d5524', '#333'),
	'PiAPI simulator sample: group of three faces',
);
// A landscape with no face-like circle in it.
const NOFACE_SVG = svg(
	512,
	512,
	'#87ceeb',
	'<polygon points="0,400 150,200 300,400" fill="#556b2f"/><polygon points="200,400 360,150 512,400" fill="#6b8e23"/>' +
		'<rect y="400" width="512" height="112" fill="#2e8b57"/><rect x="60" y="320" width="90" height="80" fill="#a0522d"/>',
	'sample: no face',
);

/** @type {Array<[string, Buffer, ImageFormat]>} */
const RECIPES = [
	['target.png', TARGET_SVG, 'png'],
	['target.jpg', TARGET_SVG, 'jpeg'],
	['target.webp', TARGET_SVG, 'webp'],
	['swap.png', SWAP_SVG, 'png'],
	['swap.jpg', SWAP_SVG, 'jpeg'],
	['swap.webp', SWAP_SVG, 'webp'],
	['group.jpg', GROUP_SVG, 'jpeg'],
	['group.png', GROUP_SVG, 'png'],
	['noface.png', NOFACE_SVG, 'png'],
	['noface.jpg', NOFACE_SVG, 'jpeg'],
];

const VIDEO_FOLDER = path.join(__dirname, 'videos');
const VIDEO_FILES = [
	'target.mp4',
	'portrait.mp4',
	'moov-at-end.mp4',
	'fragmented.mp4',
	'frames-600.mp4',
	'landscape-720p.mp4',
	'too-many-frames.mp4',
	'too-large-dims.mp4',
	'just-over-720p.mp4',
	'audio-only.mp4',
	'webm-renamed.mp4',
	'quicktime.mp4',
	'truncated.mp4',
];
// target.mp4 with a `free` box making it exactly PiAPI's 10 MB, or 64 KB over: never stored whole.
const PADDED_FILES = { 'exactly-10mb.mp4': MAX_VIDEO_BYTES, 'too-large-file.mp4': MAX_VIDEO_BYTES + 64 * 1024 };

const SAMPLE_NAMES = [...RECIPES.map(([name]) => name), ...VIDEO_FILES, ...Object.keys(PADDED_FILES)];

/** @type {Promise<Map<string, Sample>>|undefined} */
let cache;

/** @returns {Promise<Map<string, Sample>>} */
function loadSamples() {
	cache ??= Promise.all(
		RECIPES.map(async ([name, source, format]) => {
			const bytes = await sharp(source).toFormat(format).toBuffer();
			return /** @type {[string, Sample]} */ ([name, { bytes, mimeType: MIME_BY_FORMAT[format], size: bytes.length }]);
		}),
	).then(async (images) => {
		const videos = await Promise.all(
			VIDEO_FILES.map(async (name) => {
				const bytes = await readFile(path.join(VIDEO_FOLDER, name));
				return /** @type {[string, Sample]} */ ([name, { bytes, mimeType: 'video/mp4', size: bytes.length }]);
			}),
		);
		const target = /** @type {Sample} */ (videos[0][1]);
		const padded = Object.entries(PADDED_FILES).map(
			([name, size]) => /** @type {[string, Sample]} */ ([name, { ...target, size }]),
		);
		return new Map([...images, ...videos, ...padded]);
	});
	return cache;
}

module.exports = { loadSamples, SAMPLE_NAMES };
