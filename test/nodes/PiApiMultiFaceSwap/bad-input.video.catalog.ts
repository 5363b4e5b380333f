// The bad-input catalog's cases for Swap Faces in Video (bad-input.catalog.ts lists them with the others): target
// videos PiAPI would refuse or that are not videos at all, by URL, binary and base64, refused before anything is sent
// (no upload, no task). The files are test/fixtures/videos (ffmpeg-made; their readings checked against ffprobe).
import type { INodeParameters } from 'n8n-workflow';

import type { InputItem } from '../../harness/input-node';
import { loadVideo } from '../../fixtures/videos';
import { withFreeBoxAppended } from '../../fixtures/videos/edit';
import type { BadInputCase, BadInputFiles } from './bad-input.catalog';

export interface VideoFiles {
	valid: Buffer;
	webmRenamed: Buffer;
	quicktime: Buffer;
	truncated: Buffer;
	audioOnly: Buffer;
	hd1080p: Buffer;
	frames601: Buffer;
	over10Megabytes: Buffer;
	png: Buffer;
}

export function loadVideoFiles(png: Buffer): VideoFiles {
	const valid = loadVideo('x264-faststart.mp4');
	return {
		valid,
		webmRenamed: loadVideo('webm-renamed.mp4'),
		quicktime: loadVideo('quicktime.mov'),
		truncated: loadVideo('truncated.mp4'),
		audioOnly: loadVideo('audio-only.mp4'),
		hd1080p: loadVideo('hd-1920x1080.mp4'),
		frames601: loadVideo('frames-601.mp4'),
		// Still a valid MP4 (a `free` box at its end), just over 10 MB.
		over10Megabytes: withFreeBoxAppended(valid, 10 * 1024 * 1024),
		png,
	};
}

/** Valid Swap Faces in Video parameters: both by URL (not downloaded by anything here), not waiting. */
export const VALID_VIDEO_PARAMETERS: INodeParameters = {
	operation: 'swapVideoFaces',
	targetVideoSource: 'url',
	targetVideoUrl: 'https://videos.example.com/clip.mp4',
	swapImageSource: 'url',
	swapImageUrl: 'https://images.example.com/swap.png',
	swapFacesIndex: '0',
	targetFacesIndex: '0',
	waitForCompletion: false,
};

type VideoName = keyof VideoFiles;

const binaryVideo: INodeParameters = { targetVideoSource: 'binary', targetVideoBinaryProperty: 'data' };
/** Items with the named files in binary field "data". */
const videoItems =
	(...names: VideoName[]) =>
	(files: BadInputFiles): InputItem[] =>
		names.map((name) => ({ binary: { data: { bytes: files.videos[name], mimeType: 'video/mp4', fileName: 'clip.mp4' } } }));
const base64Video = (text: (files: BadInputFiles) => string) => ({
	parameters: { targetVideoSource: 'base64', targetVideoBase64: '={{ $json.video }}' },
	input: (files: BadInputFiles): InputItem[] => [{ json: { video: text(files) } }],
});

const FIX = 'shorten, scale or compress it first \\(e\\.g\\. ffmpeg -i in\\.mp4 -vf scale=-2:720 -frames:v 600 out\\.mp4\\)';
const op = 'swapVideoFaces' as const;

export const VIDEO_BAD_INPUT_CASES: BadInputCase[] = [
	{
		id: 'video-url-empty',
		shows: 'an empty video URL from the input data',
		operation: op,
		parameters: { targetVideoUrl: '={{ $json.url }}' },
		input: () => [{ json: { url: '' } }],
		field: 'Target Video URL',
		problem: /^is empty; enter the video URL$/,
	},
	{
		id: 'video-url-mov',
		shows: 'a video URL ending in .mov',
		operation: op,
		parameters: { targetVideoUrl: 'https://videos.example.com/clip.mov' },
		field: 'Target Video URL',
		problem: /^ends in \.mov, so it is a QuickTime \(MOV\) video, not an MP4; PiAPI accepts MP4 videos only$/,
	},
	{
		id: 'video-url-youtube-page',
		shows: 'a YouTube page instead of a video file',
		operation: op,
		parameters: { targetVideoUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
		field: 'Target Video URL',
		problem: /^is a page on www\.youtube\.com, not a link to an MP4 file; PiAPI needs a direct link to the file$/,
	},
	{
		id: 'item-1-video-url-ftp',
		shows: 'item 1 of 2 has an ftp:// video URL',
		operation: op,
		parameters: { targetVideoUrl: '={{ $json.url }}' },
		input: () => [{ json: { url: 'https://videos.example.com/a.mp4' } }, { json: { url: 'ftp://videos.example.com/b.mp4' } }],
		field: 'Target Video URL',
		problem: /^uses the ftp: scheme; PiAPI can only download http:\/\/ and https:\/\/ URLs$/,
		badItem: 1,
	},
	{
		id: 'video-binary-webm-renamed',
		shows: 'a WebM video named .mp4',
		operation: op,
		parameters: binaryVideo,
		input: videoItems('webmRenamed'),
		field: 'Target Video Binary Field',
		problem: /^is a WebM video, not MP4; PiAPI accepts MP4 \(convert it first/,
	},
	{
		id: 'video-binary-quicktime',
		shows: 'a QuickTime (MOV) video',
		operation: op,
		parameters: binaryVideo,
		input: videoItems('quicktime'),
		field: 'Target Video Binary Field',
		problem: /^is a QuickTime \(MOV\) video, not MP4; PiAPI accepts MP4/,
	},
	{
		id: 'video-binary-truncated',
		shows: 'an MP4 cut off in its media data',
		operation: op,
		parameters: binaryVideo,
		input: videoItems('truncated'),
		field: 'Target Video Binary Field',
		problem: /^is a truncated MP4 file: it ends inside its "mdat" box, of which only \d+ of \d+ bytes are there \(was the download or copy cut short\?\)$/,
	},
	{
		id: 'video-binary-audio-only',
		shows: 'an MP4 with sound only',
		operation: op,
		parameters: binaryVideo,
		input: videoItems('audioOnly'),
		field: 'Target Video Binary Field',
		problem: /^has no video track: it is audio only/,
	},
	{
		id: 'video-binary-1080p',
		shows: 'a 1920×1080 MP4 (over 720p)',
		operation: op,
		parameters: binaryVideo,
		input: videoItems('hd1080p'),
		field: 'Target Video Binary Field',
		problem: new RegExp(`^is 1920×1080 px; PiAPI takes at most 720p \\(1280×720, or 720×1280 upright\\): ${FIX}$`),
	},
	{
		id: 'video-binary-601-frames',
		shows: 'an MP4 of 601 frames',
		operation: op,
		parameters: binaryVideo,
		input: videoItems('frames601'),
		field: 'Target Video Binary Field',
		problem: new RegExp(`^has 601 frames; PiAPI takes at most 600: ${FIX}$`),
	},
	{
		id: 'video-binary-over-10-mb',
		shows: 'a valid MP4 just over 10 MB',
		operation: op,
		parameters: binaryVideo,
		input: videoItems('over10Megabytes'),
		field: 'Target Video Binary Field',
		// Refused from the size n8n stored with the file, without loading it.
		problem: /^is 10\.\d\d MB \(\d+ bytes\); PiAPI takes at most 10 MB \(10485760 bytes\), so it was not read$/,
	},
	{
		id: 'item-1-video-binary-601-frames',
		shows: 'item 1 of 2 is an MP4 of 601 frames',
		operation: op,
		parameters: binaryVideo,
		input: videoItems('valid', 'frames601'),
		field: 'Target Video Binary Field',
		problem: /^has 601 frames; PiAPI takes at most 600/,
		badItem: 1,
	},
	{
		id: 'video-binary-field-missing',
		shows: 'the video in another binary field than named',
		operation: op,
		parameters: binaryVideo,
		input: (files) => [{ binary: { video: { bytes: files.videos.valid, mimeType: 'video/mp4' } } }],
		field: 'Target Video Binary Field',
		problem: /^the input item has no binary field "data" \(it has "video"\)$/,
	},
	{
		id: 'video-binary-image',
		shows: 'a PNG image given as the video',
		operation: op,
		parameters: binaryVideo,
		input: videoItems('png'),
		field: 'Target Video Binary Field',
		problem: /^is a PNG image, not a video; PiAPI accepts MP4$/,
	},
	{
		id: 'video-base64-empty',
		shows: 'empty base64 video text from the input data',
		operation: op,
		...base64Video(() => ''),
		field: 'Target Video Base64',
		problem: /^is empty; enter the video as base64 text$/,
	},
	{
		id: 'video-base64-type-mismatch',
		shows: 'a data URI that says image/png around an MP4',
		operation: op,
		...base64Video((files) => `data:image/png;base64,${files.videos.valid.toString('base64')}`),
		field: 'Target Video Base64',
		problem: /^is a data URI that says image\/png but contains an MP4 video \(video\/mp4\)$/,
	},
	{
		id: 'video-base64-bad-character',
		shows: 'base64 video text with a stray character',
		operation: op,
		...base64Video((files) => `${files.videos.valid.toString('base64').slice(0, 40)}!${files.videos.valid.toString('base64').slice(40)}`),
		field: 'Target Video Base64',
		problem: /^is not valid base64: character 41 of the data is "!"/,
	},
	{
		id: 'video-swap-image-gif',
		shows: 'Swap Faces in Video with a .gif swap image URL',
		operation: op,
		parameters: { swapImageUrl: 'https://images.example.com/face.gif' },
		field: 'Swap Image URL',
		problem: /^does not end in \.png, \.jpg, \.jpeg or \.webp \(it ends in \.gif\)/,
	},
	{
		id: 'video-target-faces-index',
		shows: 'Swap Faces in Video with a face index list using ";"',
		operation: op,
		parameters: { targetFacesIndex: '0;1' },
		field: 'Target Faces Index',
		problem: /^"0;1" is not a face index/,
	},
	{
		id: 'video-max-tasks-item-1-over-limit',
		shows: '2 video items with Max Tasks per Execution 1',
		operation: op,
		parameters: { options: { maxTasksPerExecution: 1 } },
		input: () => [{ json: {} }, { json: {} }],
		field: 'Max Tasks per Execution',
		problem: /^this run's 2 items would create 2 tasks, more than the limit of 1; (nothing was sent|item 1 creates no task)$/,
		badItem: 1,
	},
	{
		id: 'video-wait-timeout-over-max',
		shows: 'Swap Faces in Video with a Wait Timeout over two hours',
		operation: op,
		parameters: { waitForCompletion: true, output: 'url', options: { waitTimeout: 7201 } },
		field: 'Wait Timeout',
		problem: /^must be a number from 1 to 7200, got 7201$/,
	},
];
