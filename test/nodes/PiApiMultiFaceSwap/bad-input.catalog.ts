// The bad-input catalog: inputs the node must refuse before it sends anything to PiAPI (a request PiAPI rejects can
// still cost money, and a request built from a bad task ID could reach a different endpoint). Each case names the
// field the message must name and what the problem text must say; bad-input.test.ts runs every case through n8n's
// real engine against the simulator, RELIABILITY.md lists the messages users see.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { InputItem } from '../../harness/input-node';
import { edited, loadImages, makeOtherFormat, makeOversizedPng, webpChunks } from '../../fixtures/images';
import { loadVideoFiles, VALID_VIDEO_PARAMETERS, VIDEO_BAD_INPUT_CASES, type VideoFiles } from './bad-input.video.catalog';

export type Operation = 'swapFaces' | 'swapVideoFaces' | 'getTask' | 'cancelTask';

/** Real and damaged files for the binary and base64 cases, built once per test run. */
export interface BadInputFiles {
	png: Buffer;
	jpeg: Buffer;
	webp: Buffer;
	pdf: Buffer;
	text: Buffer;
	gif: Buffer;
	truncatedPng: Buffer;
	pngWithTextModeSignature: Buffer;
	truncatedJpeg: Buffer;
	jpegWithoutMarker: Buffer;
	truncatedWebp: Buffer;
	webpWithUnknownFirstChunk: Buffer;
	empty: Buffer;
	over10Megabytes: Buffer;
	png2049Wide: Buffer;
	jpeg2049Tall: Buffer;
	webp2049Tall: Buffer;
	/** Swap Faces in Video's files (bad-input.video.catalog.ts). */
	videos: VideoFiles;
}

export interface BadInputCase {
	/** Stable, unique, kebab-case. */
	id: string;
	/** What the case shows, in a few words. */
	shows: string;
	operation: Operation;
	/** Merged over the operation's valid parameters (see validParameters); expressions allowed. */
	parameters: INodeParameters;
	/** Items entering the node; default one empty item. */
	input?: (files: BadInputFiles) => InputItem[];
	/** The field the message must start with, e.g. "Target Image URL". */
	field: string;
	/** Must match the text after "<field> (item <i>): ". */
	problem: RegExp;
	/** The item that is bad; every other item is valid. Default 0. */
	badItem?: number;
}

/** A valid task ID in PiAPI's format; only Get Task and Cancel Task with a bad item 1 would ever send it. */
export const VALID_TASK_ID = '90efd2db-bcfc-413f-a0be-c893850c9d68';

// Non-loopback URLs: nothing in this catalog downloads them, and the simulator answers them with a placeholder.
const TARGET_URL = 'https://images.example.com/target.jpg';
const SWAP_URL = 'https://images.example.com/swap.png';

/**
 * Parameters that pass every check, per operation. Swap Faces does not wait, so a valid item that is (wrongly) sent
 * costs a task creation and nothing else; the cases that need the result options turn waiting on.
 */
export function validParameters(operation: Operation): INodeParameters {
	if (operation === 'getTask') return { operation, api: 'unified', taskId: VALID_TASK_ID, output: 'url' };
	if (operation === 'cancelTask') return { operation, taskId: VALID_TASK_ID };
	if (operation === 'swapVideoFaces') return VALID_VIDEO_PARAMETERS;
	return {
		operation,
		api: 'unified',
		targetImageSource: 'url',
		targetImageUrl: TARGET_URL,
		swapImageSource: 'url',
		swapImageUrl: SWAP_URL,
		swapFacesIndex: '0',
		targetFacesIndex: '0',
		waitForCompletion: false,
	};
}

export async function loadBadInputFiles(): Promise<BadInputFiles> {
	const images = await loadImages();
	const image = (name: string) => {
		const fixture = images.get(name);
		if (!fixture) throw new Error(`No fixture image "${name}"`);
		return fixture.bytes;
	};
	const png = image('png rgb');
	const jpeg = image('jpeg baseline');
	const webp = image('webp lossy');
	return {
		png,
		jpeg,
		webp,
		pdf: Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
		text: Buffer.from('Hello! This file was saved as photo.png but is a note.\n', 'utf8'),
		gif: await makeOtherFormat('gif'),
		truncatedPng: png.subarray(0, 60),
		// A text-mode transfer turned the signature's \r\n into \n.
		pngWithTextModeSignature: Buffer.concat([png.subarray(0, 4), png.subarray(5)]),
		truncatedJpeg: jpeg.subarray(0, Math.floor(jpeg.length / 2)),
		jpegWithoutMarker: Buffer.concat([Buffer.from([0xff, 0xd8, 0x00, 0x10]), jpeg.subarray(2)]),
		truncatedWebp: webp.subarray(0, 30),
		webpWithUnknownFirstChunk: edited(webp, (copy) => copy.write('ABCD', webpChunks(webp)['VP8 '], 'latin1')),
		empty: Buffer.alloc(0),
		over10Megabytes: await makeOversizedPng(),
		png2049Wide: image('png 2049x10'),
		jpeg2049Tall: image('jpeg 2048x2049'),
		webp2049Tall: image('webp 100x2049'),
		videos: loadVideoFiles(png),
	};
}

type FileName = Exclude<keyof BadInputFiles, 'videos'>;

/** One item with one binary field "data" holding a catalog file, labelled as the user's file was. */
const binaryItem =
	(file: FileName, mimeType?: string, fileName?: string) =>
	(files: BadInputFiles): InputItem[] => [{ binary: { data: { bytes: files[file], mimeType, fileName } } }];

/** Target image from binary field "data". */
const binaryTarget: INodeParameters = { targetImageSource: 'binary', targetImageBinaryProperty: 'data' };

const base64Of = (bytes: Buffer) => bytes.toString('base64');

/** Two items whose `json` feeds an expression: item 0 valid, item 1 bad. */
const twoItems = (valid: IDataObject, bad: IDataObject) => (): InputItem[] => [{ json: valid }, { json: bad }];

const NOT_HTTP = /PiAPI can only download http:\/\/ and https:\/\/ URLs$/;
const WRONG_ENDING = (ending: string) =>
	new RegExp(
		`^does not end in \\.png, \\.jpg, \\.jpeg or \\.webp \\(${ending}\\), and PiAPI rejects such URLs; download the image with an HTTP Request node and use the Binary source instead$`,
	);
const TOO_BIG = /PiAPI accepts at most 2048×2048: scale or compress it first, e\.g\. with the Edit Image node$/;
const NOT_FACE_INDEX = (part: string) =>
	new RegExp(`^"${part.replace(/[.]/g, '\\.')}" is not a face index; use whole numbers from 0 \\(the first face\\), separated by commas$`);
const NOT_TASK_ID = (taskId: string) =>
	new RegExp(`^"${taskId.replace(/[.?/]/g, '\\$&')}" is not a PiAPI task ID \\(letters, digits, "-" and "_" only\\)$`);
const EMPTY_TASK_ID = /^is empty; enter the task ID that Swap Faces returned \(field "taskId"\)$/;
/** Without Continue On Fail nothing is sent; with it the items over the limit create no task. */
const OVER_LIMIT = (items: number, limit: number, over: string) =>
	new RegExp(
		`^this run's ${items} items would create ${items} tasks, more than the limit of ${limit}; (nothing was sent|${over} no task)$`,
	);
const WAIT_TIMEOUT = (shown: string) => new RegExp(`^must be a number from 1 to 7200, got ${shown}$`);

export const BAD_INPUT_CASES: BadInputCase[] = [
	// Empty or whitespace-only values
	{
		id: 'target-url-empty',
		shows: 'an empty URL from the input data',
		operation: 'swapFaces',
		parameters: { targetImageUrl: '={{ $json.url }}' },
		input: () => [{ json: { url: '' } }],
		field: 'Target Image URL',
		problem: /^is empty; enter the image URL$/,
	},
	{
		id: 'swap-url-whitespace',
		shows: 'a URL of only spaces, tabs and a line break',
		operation: 'swapFaces',
		parameters: { swapImageUrl: ' \t\n ' },
		field: 'Swap Image URL',
		problem: /^is empty; enter the image URL$/,
	},
	{
		id: 'target-base64-empty',
		shows: 'empty base64 from the input data (a field that is not there)',
		operation: 'swapFaces',
		parameters: { targetImageSource: 'base64', targetImageBase64: '={{ $json.image }}' },
		input: () => [{ json: { picture: 'the base64 is under another name' } }],
		field: 'Target Image Base64',
		problem: /^is empty; enter the image as base64 text$/,
	},
	{
		id: 'swap-base64-whitespace',
		shows: 'base64 of only whitespace',
		operation: 'swapFaces',
		parameters: { swapImageSource: 'base64', swapImageBase64: '   \n\t' },
		field: 'Swap Image Base64',
		problem: /^is empty; enter the image as base64 text$/,
	},
	{
		id: 'binary-field-name-whitespace',
		shows: 'a binary field name of only spaces',
		operation: 'swapFaces',
		parameters: { targetImageSource: 'binary', targetImageBinaryProperty: '   ' },
		input: binaryItem('png'),
		field: 'Target Image Binary Field',
		problem: /^is empty; name the input binary field that holds the image, e\.g\. data$/,
	},
	{
		id: 'get-task-id-empty',
		shows: 'an empty task ID from the input data',
		operation: 'getTask',
		parameters: { taskId: '={{ $json.taskId }}' },
		input: () => [{ json: { taskId: '' } }],
		field: 'Task ID',
		problem: EMPTY_TASK_ID,
	},
	{
		id: 'cancel-task-id-one-space',
		shows: 'a task ID of one space (it would request DELETE /api/v1/task/%20)',
		operation: 'cancelTask',
		parameters: { taskId: ' ' },
		field: 'Task ID',
		problem: EMPTY_TASK_ID,
	},
	{
		id: 'swap-output-field-empty',
		shows: 'an empty output binary field name when waiting for a binary result',
		operation: 'swapFaces',
		parameters: { waitForCompletion: true, output: 'binary', binaryPropertyOutput: '' },
		field: 'Put Output in Field',
		problem: /^is empty; name the binary field, e\.g\. data$/,
	},
	{
		id: 'get-output-field-whitespace',
		shows: 'an output binary field name of only spaces in Get Task',
		operation: 'getTask',
		parameters: { output: 'binary', binaryPropertyOutput: '  ' },
		field: 'Put Output in Field',
		problem: /^is empty; name the binary field, e\.g\. data$/,
	},

	// URLs PiAPI cannot download
	{
		id: 'url-file-scheme',
		shows: 'a file: URL (a path on the n8n server)',
		operation: 'swapFaces',
		parameters: { targetImageUrl: 'file:///home/me/photo.png' },
		field: 'Target Image URL',
		problem: new RegExp(`^uses the file: scheme; ${NOT_HTTP.source}`),
	},
	{
		id: 'url-ftp-scheme',
		shows: 'an ftp: URL',
		operation: 'swapFaces',
		parameters: { swapImageUrl: 'ftp://files.example.com/face.jpg' },
		field: 'Swap Image URL',
		problem: new RegExp(`^uses the ftp: scheme; ${NOT_HTTP.source}`),
	},
	{
		id: 'url-javascript-scheme',
		shows: 'a javascript: URL that ends in .png',
		operation: 'swapFaces',
		parameters: { targetImageUrl: 'javascript:alert(1)//photo.png' },
		field: 'Target Image URL',
		problem: new RegExp(`^uses the javascript: scheme; ${NOT_HTTP.source}`),
	},
	{
		id: 'url-data-uri',
		shows: 'a data URI pasted into the URL field',
		operation: 'swapFaces',
		parameters: { swapImageUrl: 'data:image/png;base64,iVBORw0KGgo=' },
		field: 'Swap Image URL',
		problem: /^is a data URI, not a web address: use the Base64 source for data URIs$/,
	},
	{
		id: 'url-without-scheme',
		shows: 'a URL without a scheme',
		operation: 'swapFaces',
		parameters: { targetImageUrl: 'images.example.com/target.jpg' },
		field: 'Target Image URL',
		problem: /^is not a valid URL \("images\.example\.com\/target\.jpg"\); it must be a full address starting with https:\/\/$/,
	},
	{
		id: 'url-with-password',
		shows: 'a URL with a user name and password',
		operation: 'swapFaces',
		parameters: { targetImageUrl: 'https://me:secret@images.example.com/target.jpg' },
		field: 'Target Image URL',
		problem: /^contains a user name or password \(user:pass@\); PiAPI cannot sign in to download it/,
	},
	{
		id: 'url-gif',
		shows: 'a URL ending in .gif',
		operation: 'swapFaces',
		parameters: { targetImageUrl: 'https://images.example.com/party.gif' },
		field: 'Target Image URL',
		problem: WRONG_ENDING('it ends in \\.gif'),
	},
	{
		id: 'url-no-extension',
		shows: 'a URL without a file extension',
		operation: 'swapFaces',
		parameters: { swapImageUrl: 'https://images.example.com/photos/12345' },
		field: 'Swap Image URL',
		problem: WRONG_ENDING('it has no file extension'),
	},
	{
		id: 'url-signed-query',
		shows: 'a signed URL: .png followed by a query string',
		operation: 'swapFaces',
		parameters: { targetImageUrl: 'https://bucket.example.com/target.png?sig=1' },
		field: 'Target Image URL',
		problem: WRONG_ENDING('it ends in a query string or fragment such as \\?… or #…'),
	},

	// Binary input
	{
		id: 'binary-field-missing',
		shows: 'a binary field name the item does not have, listing the ones it has',
		operation: 'swapFaces',
		parameters: { ...binaryTarget, targetImageBinaryProperty: 'photo' },
		input: (files) => [{ binary: { data: { bytes: files.png }, swap: { bytes: files.jpeg } } }],
		field: 'Target Image Binary Field',
		problem: /^the input item has no binary field "photo" \(it has "data", "swap"\)$/,
	},
	{
		id: 'binary-none',
		shows: 'binary source on an item without any binary data',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: () => [{ json: { note: 'no files here' } }],
		field: 'Target Image Binary Field',
		problem: /^the input item has no binary field "data" \(it has no binary data\)$/,
	},
	{
		id: 'binary-pdf-named-png',
		shows: 'a PDF labelled image/png: the bytes count, not the label',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('pdf', 'image/png', 'photo.png'),
		field: 'Target Image Binary Field',
		problem: /^is a PDF document, not an image; PiAPI accepts PNG, JPEG or WebP$/,
	},
	{
		id: 'binary-text',
		shows: 'a text file',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('text', 'text/plain', 'photo.png'),
		field: 'Target Image Binary Field',
		problem: /^is text, not an image; PiAPI accepts PNG, JPEG or WebP$/,
	},
	{
		id: 'binary-gif',
		shows: 'a GIF image',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('gif', 'image/gif', 'party.gif'),
		field: 'Target Image Binary Field',
		problem: /^is a GIF image; PiAPI accepts PNG, JPEG or WebP$/,
	},
	{
		id: 'binary-png-truncated',
		shows: 'a PNG cut off after 60 bytes',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('truncatedPng', 'image/png'),
		field: 'Target Image Binary Field',
		problem: /^is a truncated PNG file: it ends before the image is complete/,
	},
	{
		id: 'binary-png-signature',
		shows: 'a PNG whose signature a text-mode transfer damaged',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('pngWithTextModeSignature', 'image/png'),
		field: 'Target Image Binary Field',
		problem: /^is a corrupt PNG file \(its signature is damaged, as happens when a file is transferred as text\)$/,
	},
	{
		id: 'binary-jpeg-truncated',
		shows: 'a JPEG cut off halfway',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('truncatedJpeg', 'image/jpeg'),
		field: 'Target Image Binary Field',
		problem: /^is a truncated JPEG file: it ends before the image is complete/,
	},
	{
		id: 'binary-jpeg-corrupt-header',
		shows: 'a JPEG whose header has no marker after the start of image',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('jpegWithoutMarker', 'image/jpeg'),
		field: 'Target Image Binary Field',
		problem: /^is a corrupt JPEG file \(expected a marker at byte 2\)$/,
	},
	{
		id: 'binary-webp-truncated',
		shows: 'a WebP cut off after 30 bytes',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('truncatedWebp', 'image/webp'),
		field: 'Target Image Binary Field',
		problem: /^is a truncated WebP file: it ends before the image is complete/,
	},
	{
		id: 'binary-webp-corrupt-header',
		shows: 'a WebP whose first chunk is not VP8, VP8L or VP8X',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('webpWithUnknownFirstChunk', 'image/webp'),
		field: 'Target Image Binary Field',
		problem: /^is a corrupt WebP file \(it does not start with a VP8, VP8L or VP8X chunk\)$/,
	},
	{
		id: 'binary-empty',
		shows: 'a 0-byte file',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('empty', 'image/png', 'photo.png'),
		field: 'Target Image Binary Field',
		problem: /^is empty \(0 bytes\)$/,
	},
	{
		id: 'binary-over-10-mb',
		shows: 'a real PNG over 10 MB',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('over10Megabytes', 'image/png'),
		field: 'Target Image Binary Field',
		problem: /^is 10\.\d\d MB \(\d+ bytes\); PiAPI accepts at most 10 MB \(10485760 bytes\): scale or compress it first/,
	},
	{
		id: 'binary-png-2049-wide',
		shows: 'a PNG 2049 px wide',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: binaryItem('png2049Wide', 'image/png'),
		field: 'Target Image Binary Field',
		problem: new RegExp(`^is 2049×10 px; ${TOO_BIG.source}`),
	},
	{
		id: 'binary-jpeg-2049-tall',
		shows: 'a JPEG 2049 px tall, as the swap image',
		operation: 'swapFaces',
		parameters: { swapImageSource: 'binary', swapImageBinaryProperty: 'face' },
		input: (files) => [{ binary: { face: { bytes: files.jpeg2049Tall, mimeType: 'image/jpeg' } } }],
		field: 'Swap Image Binary Field',
		problem: new RegExp(`^is 2048×2049 px; ${TOO_BIG.source}`),
	},
	{
		id: 'base64-webp-2049-tall',
		shows: 'base64 of a WebP 2049 px tall',
		operation: 'swapFaces',
		parameters: { swapImageSource: 'base64', swapImageBase64: '={{ $json.image }}' },
		input: (files) => [{ json: { image: base64Of(files.webp2049Tall) } }],
		field: 'Swap Image Base64',
		problem: new RegExp(`^is 100×2049 px; ${TOO_BIG.source}`),
	},

	// Base64 input
	{
		id: 'base64-invalid-character',
		shows: 'base64 with a character outside the alphabet',
		operation: 'swapFaces',
		parameters: { targetImageSource: 'base64', targetImageBase64: 'iVBORw0KGgo!AAAA' },
		field: 'Target Image Base64',
		problem: /^is not valid base64: character 12 of the data is "!", but base64 uses only/,
	},
	{
		id: 'base64-impossible-length',
		shows: 'base64 with a character missing',
		operation: 'swapFaces',
		parameters: { targetImageSource: 'base64', targetImageBase64: '={{ $json.image.slice(0, -3) }}' },
		input: (files) => [{ json: { image: base64Of(files.png) } }],
		field: 'Target Image Base64',
		problem: /^is not valid base64: its length \(\d+ characters without whitespace\) is impossible/,
	},
	{
		id: 'base64-data-uri-says-png-holds-jpeg',
		shows: 'a data URI whose declared type contradicts the bytes',
		operation: 'swapFaces',
		parameters: { swapImageSource: 'base64', swapImageBase64: '={{ "data:image/png;base64," + $json.image }}' },
		input: (files) => [{ json: { image: base64Of(files.jpeg) } }],
		field: 'Swap Image Base64',
		problem: /^is a data URI that says image\/png but contains a JPEG image \(image\/jpeg\)$/,
	},
	{
		id: 'base64-data-uri-says-gif-holds-webp',
		shows: 'a data URI declaring GIF that holds a WebP',
		operation: 'swapFaces',
		parameters: { swapImageSource: 'base64', swapImageBase64: '={{ "data:image/gif;base64," + $json.image }}' },
		input: (files) => [{ json: { image: base64Of(files.webp) } }],
		field: 'Swap Image Base64',
		problem: /^is a data URI that says image\/gif but contains a WebP image \(image\/webp\)$/,
	},
	{
		id: 'base64-data-uri-not-base64',
		shows: 'a percent-encoded (not base64) data URI',
		operation: 'swapFaces',
		parameters: { targetImageSource: 'base64', targetImageBase64: 'data:image/png,%89PNG%0D%0A' },
		field: 'Target Image Base64',
		problem: /^is a data URI that is not base64-encoded; it must look like data:image\/png;base64,…$/,
	},
	{
		id: 'base64-of-a-pdf',
		shows: 'valid base64 of a file that is not an image',
		operation: 'swapFaces',
		parameters: { targetImageSource: 'base64', targetImageBase64: '={{ $json.file }}' },
		input: (files) => [{ json: { file: base64Of(files.pdf) } }],
		field: 'Target Image Base64',
		problem: /^is a PDF document, not an image; PiAPI accepts PNG, JPEG or WebP$/,
	},

	// Face indices
	{
		id: 'face-index-letter',
		shows: 'a letter as face index',
		operation: 'swapFaces',
		parameters: { swapFacesIndex: 'a' },
		field: 'Swap Faces Index',
		problem: NOT_FACE_INDEX('a'),
	},
	{
		id: 'face-index-negative',
		shows: 'a negative face index',
		operation: 'swapFaces',
		parameters: { targetFacesIndex: '-1' },
		field: 'Target Faces Index',
		problem: NOT_FACE_INDEX('-1'),
	},
	{
		id: 'face-index-empty-entry',
		shows: 'a list with an empty entry',
		operation: 'swapFaces',
		parameters: { swapFacesIndex: '0,,1' },
		field: 'Swap Faces Index',
		problem: /^"0,,1" has an empty entry; write indices like 0,1$/,
	},
	{
		id: 'face-index-fraction',
		shows: 'a fractional face index',
		operation: 'swapFaces',
		parameters: { targetFacesIndex: '1.5' },
		field: 'Target Faces Index',
		problem: NOT_FACE_INDEX('1.5'),
	},
	{
		id: 'face-index-huge',
		shows: 'a face index no photo has',
		operation: 'swapFaces',
		parameters: { swapFacesIndex: '99999999999' },
		field: 'Swap Faces Index',
		problem: /^99999999999 is larger than 99$/,
	},
	{
		id: 'face-index-whitespace',
		shows: 'a face index of only spaces',
		operation: 'swapFaces',
		parameters: { targetFacesIndex: '  ' },
		field: 'Target Faces Index',
		problem: /^is empty; use 0 for the first face, or a list such as 0,1$/,
	},

	// Task IDs that would change the request path
	...(['getTask', 'cancelTask'] as const).flatMap((operation): BadInputCase[] =>
		[
			['../account/info', 'parent-path'],
			['a/b', 'slash'],
			['?x=', 'query'],
			['abc def', 'inner-space'],
		].map(([taskId, kind]) => ({
			id: `${operation === 'getTask' ? 'get' : 'cancel'}-task-id-${kind}`,
			shows: `task ID ${JSON.stringify(taskId)} in ${operation === 'getTask' ? 'Get Task' : 'Cancel Task'}`,
			operation,
			parameters: { taskId },
			field: 'Task ID',
			problem: NOT_TASK_ID(taskId),
		})),
	),

	// Wait Timeout
	{
		id: 'wait-timeout-zero',
		shows: 'Wait Timeout 0',
		operation: 'swapFaces',
		parameters: { waitForCompletion: true, output: 'url', options: { waitTimeout: 0 } },
		field: 'Wait Timeout',
		problem: WAIT_TIMEOUT('0'),
	},
	{
		id: 'wait-timeout-negative',
		shows: 'Wait Timeout -5',
		operation: 'swapFaces',
		parameters: { waitForCompletion: true, output: 'url', options: { waitTimeout: -5 } },
		field: 'Wait Timeout',
		problem: WAIT_TIMEOUT('-5'),
	},
	{
		id: 'wait-timeout-too-long',
		shows: 'Wait Timeout 999999 (over two hours)',
		operation: 'swapFaces',
		parameters: { waitForCompletion: true, output: 'url', options: { waitTimeout: 999999 } },
		field: 'Wait Timeout',
		problem: WAIT_TIMEOUT('999999'),
	},
	{
		id: 'wait-timeout-text-expression',
		shows: 'Wait Timeout from an expression that gives text',
		operation: 'swapFaces',
		parameters: { waitForCompletion: true, output: 'url', options: { waitTimeout: '={{ "abc" }}' } },
		field: 'Wait Timeout',
		problem: WAIT_TIMEOUT('"abc"'),
	},

	// Expressions that give an object or a list where text is needed
	{
		id: 'expression-object-url',
		shows: 'an expression giving an object for a URL',
		operation: 'swapFaces',
		parameters: { targetImageUrl: '={{ { a: 1 } }}' },
		field: 'Target Image URL',
		problem: /^must be text, but the value is an object$/,
	},
	{
		id: 'expression-list-face-index',
		shows: 'an expression giving a list for face indices',
		operation: 'swapFaces',
		parameters: { swapFacesIndex: '={{ [1,2] }}' },
		field: 'Swap Faces Index',
		problem: /^must be text, but the value is a list$/,
	},
	{
		id: 'expression-object-task-id',
		shows: 'an expression giving an object for a task ID',
		operation: 'getTask',
		parameters: { taskId: '={{ { a: 1 } }}' },
		field: 'Task ID',
		problem: /^must be text, but the value is an object$/,
	},
	{
		id: 'expression-list-binary-field',
		shows: 'an expression giving a list for the binary field name',
		operation: 'swapFaces',
		parameters: { targetImageSource: 'binary', targetImageBinaryProperty: '={{ [1,2] }}' },
		input: binaryItem('png'),
		field: 'Target Image Binary Field',
		problem: /^must be text, but the value is a list$/,
	},
	{
		id: 'expression-object-callback-url',
		shows: 'an expression giving an object for the Callback URL',
		operation: 'swapFaces',
		parameters: { options: { webhookUrl: '={{ { a: 1 } }}' } },
		field: 'Callback URL',
		problem: /^must be text, but the value is an object$/,
	},
	{
		id: 'expression-list-callback-secret',
		shows: 'an expression giving a list for the Callback Secret',
		operation: 'swapFaces',
		parameters: { options: { webhookUrl: 'https://n8n.example.com/webhook/piapi', webhookSecret: '={{ ["s3cret"] }}' } },
		field: 'Callback Secret',
		problem: /^must be text, but the value is a list$/,
	},

	// Callback URL
	{
		id: 'callback-url-ftp',
		shows: 'a Callback URL that is not http(s)',
		operation: 'swapFaces',
		parameters: { options: { webhookUrl: 'ftp://n8n.example.com/webhook/piapi' } },
		field: 'Callback URL',
		problem: /^"ftp:\/\/n8n\.example\.com\/webhook\/piapi" is not an http\(s\) URL$/,
	},
	{
		id: 'callback-url-no-host',
		shows: 'a Callback URL without a host',
		operation: 'swapFaces',
		parameters: { options: { webhookUrl: 'https:///webhook/piapi' } },
		field: 'Callback URL',
		problem: /^"https:\/\/\/webhook\/piapi" is not an http\(s\) URL$/,
	},
	{
		id: 'callback-url-legacy-api',
		shows: 'a Callback URL with the legacy API, which has no callbacks',
		operation: 'swapFaces',
		parameters: { api: 'legacy', options: { webhookUrl: 'https://n8n.example.com/webhook/piapi' } },
		field: 'Callback URL',
		problem: /^callbacks need the Unified Task API$/,
	},

	// The bad item is item 1 of 2: the message names item 1, and item 0 is not sent either
	{
		id: 'item-1-url-file-scheme',
		shows: 'item 1 of 2 has a file: URL',
		operation: 'swapFaces',
		parameters: { targetImageUrl: '={{ $json.url }}' },
		input: twoItems({ url: TARGET_URL }, { url: 'file:///etc/passwd.png' }),
		field: 'Target Image URL',
		problem: new RegExp(`^uses the file: scheme; ${NOT_HTTP.source}`),
		badItem: 1,
	},
	{
		id: 'item-1-binary-missing',
		shows: 'item 1 of 2 has no binary data',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: (files) => [{ binary: { data: { bytes: files.png } } }, { json: {} }],
		field: 'Target Image Binary Field',
		problem: /^the input item has no binary field "data" \(it has no binary data\)$/,
		badItem: 1,
	},
	{
		id: 'item-1-binary-truncated',
		shows: 'item 1 of 2 holds a truncated JPEG',
		operation: 'swapFaces',
		parameters: binaryTarget,
		input: (files) => [{ binary: { data: { bytes: files.jpeg } } }, { binary: { data: { bytes: files.truncatedJpeg } } }],
		field: 'Target Image Binary Field',
		problem: /^is a truncated JPEG file/,
		badItem: 1,
	},
	{
		id: 'item-1-face-index',
		shows: 'item 1 of 2 has a bad face index',
		operation: 'swapFaces',
		parameters: { targetFacesIndex: '={{ $json.faces }}' },
		input: twoItems({ faces: '0,1' }, { faces: '0;1' }),
		field: 'Target Faces Index',
		problem: NOT_FACE_INDEX('0;1'),
		badItem: 1,
	},
	{
		id: 'item-5-of-6-url-gif',
		shows: 'item 5 of 6 has a .gif URL, with Max Concurrent Tasks 5: beyond the five items that run at once',
		operation: 'swapFaces',
		parameters: { swapImageUrl: '={{ $json.url }}', options: { maxConcurrentTasks: 5 } },
		input: () => [
			...Array.from({ length: 5 }, (_, index) => ({ json: { url: `https://images.example.com/face-${index}.png` } })),
			{ json: { url: 'https://images.example.com/face-5.gif' } },
		],
		field: 'Swap Image URL',
		problem: WRONG_ENDING('it ends in \\.gif'),
		badItem: 5,
	},
	{
		id: 'item-1-get-task-id',
		shows: 'item 1 of 2 in Get Task has a path as task ID',
		operation: 'getTask',
		parameters: { taskId: '={{ $json.taskId }}' },
		input: twoItems({ taskId: VALID_TASK_ID }, { taskId: '../account/info' }),
		field: 'Task ID',
		problem: NOT_TASK_ID('../account/info'),
		badItem: 1,
	},
	{
		id: 'item-1-cancel-task-id',
		shows: 'item 1 of 2 in Cancel Task has a query string as task ID',
		operation: 'cancelTask',
		parameters: { taskId: '={{ $json.taskId }}' },
		input: twoItems({ taskId: VALID_TASK_ID }, { taskId: '?x=' }),
		field: 'Task ID',
		problem: NOT_TASK_ID('?x='),
		badItem: 1,
	},

	// Cost guards (Options): a run over Max Tasks per Execution sends nothing; with Continue On Fail only the items
	// over the limit are refused. Values from expressions are checked as the number fields are.
	{
		id: 'max-tasks-item-1-over-limit',
		shows: '2 items with Max Tasks per Execution 1: item 1 is over the limit',
		operation: 'swapFaces',
		parameters: { options: { maxTasksPerExecution: 1 } },
		input: () => [{ json: {} }, { json: {} }],
		field: 'Max Tasks per Execution',
		problem: OVER_LIMIT(2, 1, 'item 1 creates'),
		badItem: 1,
	},
	{
		id: 'max-tasks-item-5-of-6-over-limit',
		shows: '6 items with Max Tasks per Execution 5: the sixth is over the limit',
		operation: 'swapFaces',
		parameters: { swapImageUrl: '={{ $json.url }}', options: { maxTasksPerExecution: 5 } },
		input: () => Array.from({ length: 6 }, (_, index) => ({ json: { url: `https://images.example.com/face-${index}.png` } })),
		field: 'Max Tasks per Execution',
		problem: OVER_LIMIT(6, 5, 'item 5 creates'),
		badItem: 5,
	},
	{
		id: 'max-tasks-zero',
		shows: 'Max Tasks per Execution 0 from the input data',
		operation: 'swapFaces',
		parameters: { options: { maxTasksPerExecution: '={{ $json.limit }}' } },
		input: () => [{ json: { limit: 0 } }],
		field: 'Max Tasks per Execution',
		problem: /^must be a number from 1 to 1000000, got 0$/,
	},
	{
		id: 'max-tasks-fraction',
		shows: 'Max Tasks per Execution 2.5 from an expression',
		operation: 'swapFaces',
		parameters: { options: { maxTasksPerExecution: '={{ 5 / 2 }}' } },
		field: 'Max Tasks per Execution',
		problem: /^must be a whole number, got 2\.5$/,
	},
	{
		id: 'max-tasks-text',
		shows: 'Max Tasks per Execution as words from the input data',
		operation: 'swapFaces',
		parameters: { options: { maxTasksPerExecution: '={{ $json.limit }}' } },
		input: () => [{ json: { limit: 'ten' } }],
		field: 'Max Tasks per Execution',
		problem: /^must be a number from 1 to 1000000, got "ten"$/,
	},
	{
		id: 'check-balance-first-text',
		shows: 'Check Balance First as the text "yes" from an expression',
		operation: 'swapFaces',
		parameters: { options: { checkBalanceFirst: '={{ "yes" }}' } },
		field: 'Check Balance First',
		problem: /^must be true or false, got "yes"$/,
	},

	// Swap Faces in Video (bad-input.video.catalog.ts)
	...VIDEO_BAD_INPUT_CASES,
];
