import { imageSize } from 'image-size';

import {
	IMAGE_LIMITS,
	ImageInputError,
	checkImageBytes,
	checkImageUrl,
	decodeBase64Image,
	encodeBase64,
	readImageInfo,
} from '../../../../nodes/PiApiMultiFaceSwap/helpers/image';
import {
	IMAGE_NAMES,
	decodesWithSharp,
	edited,
	exifWithThumbnail,
	findJpegMarker,
	insertJpegSegment,
	insertPngChunk,
	loadImages,
	makeOtherFormat,
	makeOversizedPng,
	padPngTo,
	pngChunk,
	readOrientation,
	setPngSize,
	webpChunks,
} from '../../../fixtures/images';

type Fixture = Awaited<ReturnType<typeof loadImages>> extends Map<string, infer F> ? F : never;

let images: Map<string, Fixture>;
beforeAll(async () => {
	images = await loadImages();
});

function fixture(name: string): Fixture {
	const found = images.get(name);
	if (!found) throw new Error(`unknown fixture "${name}"`);
	return found;
}
const image = (name: string) => fixture(name).bytes;
const ascii = (text: string) => Buffer.from(text, 'latin1');
const base64Of = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Asserts an ImageInputError whose message names the problem. */
function expectRejected(run: () => unknown, message: RegExp): void {
	let thrown: unknown;
	try {
		run();
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(ImageInputError);
	expect((thrown as Error).message).toMatch(message);
}

const FORMAT_DETAILS = {
	png: { mimeType: 'image/png', extension: 'png' },
	jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
	webp: { mimeType: 'image/webp', extension: 'webp' },
} as const;

describe('readImageInfo on real images', () => {
	test.each(IMAGE_NAMES)('%s: format and stored size agree with the recipe and with image-size', (name) => {
		const { bytes, format, width, height } = fixture(name);
		const oracle = imageSize(bytes);

		const info = readImageInfo(bytes);

		expect(info).toEqual({ format, ...FORMAT_DETAILS[format], width, height, bytes: bytes.length });
		expect({
			format: oracle.type === 'jpg' ? 'jpeg' : oracle.type,
			width: oracle.width,
			height: oracle.height,
		}).toEqual({
			format: info.format,
			width: info.width,
			height: info.height,
		});
	});

	test('the fixtures cover the encodings they are named after', () => {
		expect(image('png interlaced')[28]).toBe(1);
		expect(image('png palette')[25]).toBe(3);
		expect(image('png 16-bit')[24]).toBe(16);
		expect(image('jpeg progressive').includes(Buffer.from([0xff, 0xc2]))).toBe(true);
		expect(findJpegMarker(image('jpeg exif progressive'), 0xc2)).toBeGreaterThan(0);
		const jpeg444 = image('jpeg 4:4:4'); // its scan data holds stuffed FF00 bytes, which must not end the scan
		expect(jpeg444.indexOf(Buffer.from([0xff, 0x00]), findJpegMarker(jpeg444, 0xda))).toBeGreaterThan(0);
		expect(Object.keys(webpChunks(image('webp lossy')))).toEqual(['VP8 ']);
		expect(Object.keys(webpChunks(image('webp lossless')))).toEqual(['VP8L']);
		expect(Object.keys(webpChunks(image('webp lossy alpha')))).toEqual(['VP8X', 'ALPH', 'VP8 ']);
		expect(Object.keys(webpChunks(image('webp exif')))).toEqual(expect.arrayContaining(['VP8X', 'EXIF']));
		expect(Object.keys(webpChunks(image('webp animated')))).toEqual(expect.arrayContaining(['VP8X', 'ANIM', 'ANMF']));
	});

	test('EXIF orientation is ignored: the stored size is reported', async () => {
		for (const [name, orientation] of [
			['jpeg exif rotated', 6],
			['jpeg exif progressive', 8],
			['webp exif', 6],
		] as const) {
			expect(await readOrientation(image(name))).toBe(orientation);
			const { width, height } = readImageInfo(image(name));
			expect({ width, height }).toEqual({ width: fixture(name).width, height: fixture(name).height });
		}
	});

	test('accepts a Uint8Array view that starts inside a larger buffer', () => {
		const png = image('png rgb');
		const backing = new Uint8Array(png.length + 7);
		backing.set(png, 7);
		expect(readImageInfo(backing.subarray(7))).toMatchObject({ format: 'png', width: 37, height: 23 });
	});

	test('a JPEG whose EXIF holds a thumbnail reports the main image, not the thumbnail', async () => {
		const thumbnail = image('jpeg progressive');
		const jpeg = insertJpegSegment(image('jpeg baseline'), 0xe1, exifWithThumbnail(thumbnail));
		expect(jpeg.includes(thumbnail)).toBe(true);

		expect(readImageInfo(jpeg)).toMatchObject({ width: 37, height: 23 });
		expect(imageSize(jpeg)).toMatchObject({ width: 37, height: 23 });
		expect(await decodesWithSharp(jpeg)).toEqual({ width: 37, height: 23 });
	});

	test('JPEG fill bytes before a marker and a standalone TEM marker are skipped', async () => {
		const jpeg = image('jpeg baseline');
		const sof = findJpegMarker(jpeg, 0xc0);
		const withFill = Buffer.concat([jpeg.subarray(0, sof), Buffer.from([0xff, 0xff, 0xff]), jpeg.subarray(sof)]);
		const withTem = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0x01]), jpeg.subarray(2)]);

		expect(readImageInfo(withFill)).toMatchObject({ width: 37, height: 23 });
		expect(readImageInfo(withTem)).toMatchObject({ width: 37, height: 23 });
		expect(await decodesWithSharp(withFill)).toEqual({ width: 37, height: 23 });
	});

	test('other SOF types carry the size too, and DHT (C4) before the frame header is not one', async () => {
		const jpeg = image('jpeg baseline');
		const sof = findJpegMarker(jpeg, 0xc0);
		// Baseline scan data is also valid under SOF1 (extended sequential, Huffman).
		const extendedSequential = edited(jpeg, (copy) => (copy[sof + 1] = 0xc1));
		const dht = findJpegMarker(jpeg, 0xc4);
		const dhtEnd = dht + 2 + jpeg.readUInt16BE(dht + 2);
		expect(dht).toBeGreaterThan(sof);
		const dhtFirst = Buffer.concat([
			jpeg.subarray(0, sof),
			jpeg.subarray(dht, dhtEnd),
			jpeg.subarray(sof, dht),
			jpeg.subarray(dhtEnd),
		]);

		for (const variant of [extendedSequential, dhtFirst]) {
			expect(await decodesWithSharp(variant)).toEqual({ width: 37, height: 23 });
			expect(readImageInfo(variant)).toMatchObject({ format: 'jpeg', width: 37, height: 23 });
		}
	});

	test('restart markers inside JPEG scan data do not end the scan', () => {
		const jpeg = image('jpeg baseline');
		const sos = findJpegMarker(jpeg, 0xda);
		const scanStart = sos + 2 + jpeg.readUInt16BE(sos + 2);
		const withRestart = Buffer.concat([
			jpeg.subarray(0, scanStart + 4),
			Buffer.from([0xff, 0xd3]),
			jpeg.subarray(scanStart + 4),
		]);

		expect(readImageInfo(withRestart)).toMatchObject({ format: 'jpeg', width: 37, height: 23 });
	});

	test.each([
		['png rgb', 37, 23],
		['jpeg baseline', 37, 23],
		['webp lossy', 37, 23],
	])('%s followed by trailing bytes is accepted, as decoders accept it', async (name, width, height) => {
		// Like a phone's "motion photo" trailer: data with markers of its own, which must not be read as the image's end.
		const trailer = image('jpeg progressive').subarray(0, 300);
		const withTrailer = Buffer.concat([image(name), trailer]);

		expect(readImageInfo(withTrailer)).toMatchObject({ width, height, bytes: withTrailer.length });
		expect(await decodesWithSharp(withTrailer)).toEqual({ width, height });
	});
});

describe('readImageInfo rejects what is not a PNG, JPEG or WebP image', () => {
	const bmp = () => {
		const header = Buffer.alloc(58);
		header.write('BM', 0, 'latin1');
		header.writeUInt32LE(58, 2);
		header.writeUInt32LE(54, 10);
		header.writeUInt32LE(40, 14);
		return header;
	};
	test.each<[string, () => Buffer | Promise<Buffer>, RegExp]>([
		['0 bytes', () => Buffer.alloc(0), /^is empty \(0 bytes\)$/],
		['GIF', () => makeOtherFormat('gif'), /^is a GIF image; PiAPI accepts PNG, JPEG or WebP$/],
		['BMP', bmp, /^is a BMP image; PiAPI accepts PNG, JPEG or WebP$/],
		['TIFF', () => makeOtherFormat('tiff'), /^is a TIFF image;/],
		['AVIF', () => makeOtherFormat('avif'), /^is an AVIF image;/],
		['HEIC', () => ascii('\0\0\0\x18ftypheic\0\0\0\0mif1heic'), /^is a HEIC\/HEIF image/],
		['PDF', () => ascii('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), /^is a PDF document, not an image;/],
		['ZIP', () => ascii('PK\x03\x04\x14\0\0\0\x08\0'), /^is a ZIP archive/],
		['WAV', () => ascii('RIFF\x24\0\0\0WAVEfmt \x10\0\0\0'), /^is a RIFF WAVE file, not a WebP image/],
		['plain text', () => ascii('Hello, this is not an image.\n'), /^is text, not an image; PiAPI accepts/],
		['HTML', () => ascii('<!DOCTYPE html>\n<html><body>Not found</body></html>'), /^is an HTML page, not an image/],
		['HTML with BOM', () => ascii('\xef\xbb\xbf\n  <html lang="en"><head></head></html>'), /^is an HTML page/],
		[
			'SVG',
			() => ascii('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
			/^is an SVG \(vector\) image/,
		],
		[
			'SVG with XML prolog',
			() => ascii('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'),
			/^is an SVG/,
		],
		['JSON error body', () => ascii('{"code":404,"message":"not found"}'), /^is JSON text, not an image$/],
		[
			'base64 text of a PNG',
			() => ascii(base64Of(image('png rgb'))),
			/^is base64 text, not image bytes: use the Base64 source/,
		],
		['a URL as text', () => ascii('https://x.test/a.png'), /^is a URL written as text/],
		[
			'unknown binary',
			() => Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
			/^is not a PNG, JPEG or WebP image \(it starts with the bytes 00 01 02 03 04 05 06 07\)/,
		],
		['3 stray bytes', () => Buffer.from([0x89, 0x50, 0x4e]), /^is only 3 bytes long, too short to be an image/],
		['1 stray byte', () => Buffer.from([0x00]), /^is only 1 byte long/],
		['a JPEG start marker alone', () => Buffer.from([0xff, 0xd8]), /^is a truncated JPEG file/],
	])('%s', async (_name, build, message) => {
		const bytes = await build();
		expectRejected(() => readImageInfo(bytes), message);
	});
});

describe('readImageInfo rejects truncated files', () => {
	const names = [
		'png rgb',
		'png interlaced',
		'jpeg baseline',
		'jpeg progressive',
		'jpeg exif rotated',
		'webp lossy',
		'webp lossless',
		'webp lossy alpha',
		'webp animated',
	];
	const cuts: Array<[string, (length: number) => number]> = [
		['after 4 bytes', () => 4],
		['after 12 bytes', () => 12],
		['after 30 bytes', () => 30],
		['halfway', (length) => Math.floor(length / 2)],
		['2 bytes short', (length) => length - 2],
		['1 byte short', (length) => length - 1],
	];
	const cases = names.flatMap((name) => cuts.map(([where, cut]) => [name, where, cut] as const));

	test.each(cases)('%s cut %s', (name, _where, cut) => {
		const { bytes, format } = fixture(name);
		const length = cut(bytes.length);
		const formatName = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' }[format];
		const message =
			format === 'webp' && length < 12
				? /^is a truncated file: it ends inside its RIFF header/
				: new RegExp(`^is a truncated ${formatName} file: it ends before the image is complete`);

		expectRejected(() => readImageInfo(bytes.subarray(0, length)), message);
	});
});

describe('readImageInfo rejects corrupt headers', () => {
	const withoutIhdrCrcFix = (png: Buffer) => edited(png, (copy) => (copy[17] ^= 0x01));
	const sofOf = (jpeg: Buffer) => findJpegMarker(jpeg, 0xc0);
	const riffSize = (size: number) => (copy: Buffer) => copy.writeUInt32LE(size, 4);

	test.each<[string, () => Buffer, RegExp]>([
		[
			'PNG signature mangled by a text-mode transfer (CRLF to LF)',
			() => Buffer.concat([image('png rgb').subarray(0, 4), image('png rgb').subarray(5)]),
			/^is a corrupt PNG file \(its signature is damaged/,
		],
		[
			'PNG IHDR length not 13',
			() => edited(image('png rgb'), (copy) => copy.writeUInt32BE(12, 8)),
			/IHDR header chunk is missing or malformed/,
		],
		[
			'PNG first chunk not IHDR',
			() => edited(image('png rgb'), (copy) => copy.write('IHDX', 12, 'latin1')),
			/IHDR header chunk is missing or malformed/,
		],
		['PNG IHDR bytes changed', () => withoutIhdrCrcFix(image('png rgb')), /IHDR header chunk fails its checksum/],
		[
			'PNG width 0',
			() => setPngSize(image('png rgb'), 0, 23),
			/^is a corrupt PNG file \(its header gives a size of 0×23 px\)$/,
		],
		[
			'PNG without IDAT',
			() => Buffer.concat([image('png rgb').subarray(0, 33), pngChunk('IEND', Buffer.alloc(0))]),
			/no image data \(IDAT chunk\)/,
		],
		[
			'PNG chunk type not letters',
			() => insertPngChunk(image('png rgb'), 'a\x01b\x02', Buffer.alloc(4)),
			/invalid chunk header at byte 33/,
		],
		[
			'JPEG SOI followed by garbage',
			() => Buffer.concat([Buffer.from([0xff, 0xd8, 0x00, 0x10]), image('jpeg baseline').subarray(2)]),
			/^is a corrupt JPEG file \(expected a marker at byte 2\)$/,
		],
		[
			'JPEG segment length below 2',
			() => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01, 0xff, 0xd9]),
			/invalid segment length/,
		],
		[
			'JPEG SOF length wrong',
			() =>
				edited(image('jpeg baseline'), (copy) =>
					copy.writeUInt16BE(copy.readUInt16BE(sofOf(copy) + 2) + 3, sofOf(copy) + 2),
				),
			/frame header \(SOF\) is malformed/,
		],
		[
			'JPEG height 0',
			() => edited(image('jpeg baseline'), (copy) => copy.writeUInt16BE(0, sofOf(copy) + 5)),
			/^is a corrupt JPEG file \(its header gives a size of 37×0 px\)$/,
		],
		[
			'JPEG scan before any SOF',
			() => {
				const jpeg = image('jpeg baseline');
				const sof = sofOf(jpeg);
				return Buffer.concat([jpeg.subarray(0, sof), jpeg.subarray(sof + 2 + jpeg.readUInt16BE(sof + 2))]);
			},
			/image data comes before the frame header \(SOF\)/,
		],
		['JPEG that is only SOI and EOI', () => Buffer.from([0xff, 0xd8, 0xff, 0xd9]), /no frame header \(SOF\)/],
		[
			'JPEG with a frame header but no scan',
			() => {
				const jpeg = image('jpeg baseline');
				const sof = sofOf(jpeg);
				return Buffer.concat([jpeg.subarray(0, sof + 2 + jpeg.readUInt16BE(sof + 2)), Buffer.from([0xff, 0xd9])]);
			},
			/no image data \(SOS\)/,
		],
		[
			'WebP RIFF size larger than the file',
			() => edited(image('webp lossy'), (copy) => riffSize(copy.readUInt32LE(4) + 100)(copy)),
			/^is a truncated WebP file/,
		],
		[
			'WebP RIFF size smaller than its chunk',
			() => edited(image('webp lossy'), riffSize(40)),
			/the VP8 chunk extends past the RIFF size/,
		],
		[
			'WebP RIFF size too small for any image',
			() => edited(image('webp lossy'), riffSize(4)),
			/RIFF size is too small to hold an image/,
		],
		[
			'WebP unknown first chunk',
			() => edited(image('webp lossy'), (copy) => copy.write('ABCD', 12, 'latin1')),
			/does not start with a VP8, VP8L or VP8X chunk/,
		],
		[
			'WebP VP8 start code damaged',
			() => edited(image('webp lossy'), (copy) => (copy[23] = 0x00)),
			/VP8 key-frame start code is missing/,
		],
		[
			'WebP VP8 frame is not a key frame',
			() => edited(image('webp lossy'), (copy) => (copy[20] |= 0x01)),
			/VP8 frame header is invalid/,
		],
		[
			'WebP VP8 width 0',
			() => edited(image('webp lossy'), (copy) => copy.writeUInt16LE(0, 26)),
			/^is a corrupt WebP file \(its header gives a size of 0×23 px\)$/,
		],
		[
			'WebP VP8 frame marked as not shown',
			() => edited(image('webp lossy'), (copy) => (copy[20] &= ~0x10)),
			/VP8 frame header is invalid/,
		],
		[
			'WebP VP8 first partition larger than its chunk',
			() => edited(image('webp lossy'), (copy) => copy.writeUIntLE((copy[20] & 0x1f) | (0x7ffff << 5), 20, 3)),
			/VP8 first partition is larger than its chunk/,
		],
		[
			'WebP VP8L version not 0',
			() => edited(image('webp lossless'), (copy) => (copy[24] |= 0x20)),
			/VP8L version is unknown/,
		],
		[
			'WebP VP8X without an image chunk',
			() => edited(image('webp lossy alpha').subarray(0, 30), riffSize(22)),
			/^is a corrupt WebP file \(it contains no image data\)$/,
		],
		[
			'WebP VP8L signature damaged',
			() => edited(image('webp lossless'), (copy) => (copy[20] = 0x2e)),
			/VP8L signature byte is missing/,
		],
		[
			'WebP VP8X canvas differs from the image',
			() => edited(image('webp lossy alpha'), (copy) => copy.writeUIntLE(40, 24, 3)),
			/canvas is 41×30 px but the image is 40×30 px/,
		],
	])('%s', (_name, build, message) => {
		expectRejected(() => readImageInfo(build()), message);
	});
});

describe('checkImageBytes limits', () => {
	test('the limits are 10 MB and 2048 px', () => {
		expect(IMAGE_LIMITS).toEqual({ maxBytes: 10 * 1024 * 1024, maxDimension: 2048 });
	});

	test.each(['png 2048x2048', 'png 2048x1', 'jpeg 2048x2048', 'webp 2048x2048', 'jpeg baseline'])(
		'accepts %s',
		(name) => {
			expect(checkImageBytes(image(name))).toEqual(readImageInfo(image(name)));
		},
	);

	test.each([
		['png 2049x10', '2049×10'],
		['png 10x2049', '10×2049'],
		['png wide', '3000×2'],
		['jpeg 2049x2048', '2049×2048'],
		['jpeg 2048x2049', '2048×2049'],
		['webp 2049x100', '2049×100'],
		['webp 100x2049', '100×2049'],
	])('rejects %s with its size in the message', (name, size) => {
		expectRejected(
			() => checkImageBytes(image(name)),
			new RegExp(`^is ${size} px; PiAPI accepts at most 2048×2048: scale`),
		);
	});

	test('accepts exactly 10 MB and rejects one byte more', async () => {
		const exactly = padPngTo(image('png rgb'), IMAGE_LIMITS.maxBytes);
		const oneMore = padPngTo(image('png rgb'), IMAGE_LIMITS.maxBytes + 1);
		expect(await decodesWithSharp(exactly)).toEqual({ width: 37, height: 23 });

		expect(checkImageBytes(exactly)).toMatchObject({ bytes: 10485760, width: 37 });
		expectRejected(
			() => checkImageBytes(oneMore),
			/^is 10\.00 MB \(10485761 bytes\); PiAPI accepts at most 10 MB \(10485760 bytes\)/,
		);
	});

	test('rejects a real noisy PNG over 10 MB', async () => {
		const png = await makeOversizedPng();
		expect(png.length).toBeGreaterThan(IMAGE_LIMITS.maxBytes);
		expect(imageSize(png)).toMatchObject({ width: 1900, height: 1900 });

		expectRejected(() => checkImageBytes(png), new RegExp(`^is 10\\.\\d\\d MB \\(${png.length} bytes\\)`));
	});

	test('names both problems when an image is too large in bytes and in pixels', () => {
		const png = padPngTo(image('png 2049x10'), 11 * 1024 * 1024);
		expectRejected(
			() => checkImageBytes(png),
			/^is 11\.00 MB \(11534336 bytes\); PiAPI accepts at most 10 MB \(10485760 bytes\), and is 2049×10 px; PiAPI accepts at most 2048×2048/,
		);
	});

	test('format problems come before limits', async () => {
		expectRejected(() => checkImageBytes(Buffer.alloc(0)), /^is empty/);
		expectRejected(() => checkImageBytes(image('png wide').subarray(0, 100)), /^is a truncated PNG file/);
	});
});

describe('decodeBase64Image', () => {
	test.each<[string, (bytes: Buffer) => string, string]>([
		['plain base64', (bytes) => base64Of(bytes), 'png rgb'],
		[
			'base64 wrapped at 76 columns with CRLF and surrounding spaces',
			(bytes) => `  ${base64Of(bytes).replace(/.{76}/g, '$&\r\n')}\n`,
			'jpeg baseline',
		],
		['a data URI', (bytes) => `data:image/png;base64,${base64Of(bytes)}`, 'png rgba'],
		['an upper-case data URI', (bytes) => `DATA:IMAGE/WEBP;BASE64,${base64Of(bytes)}`, 'webp lossless'],
		['a data URI saying image/jpg', (bytes) => `data:image/jpg;base64,${base64Of(bytes)}`, 'jpeg progressive'],
		[
			'a data URI with extra parameters',
			(bytes) => `data:image/webp;name=a.webp;base64,${base64Of(bytes)}`,
			'webp lossy',
		],
		['a data URI without a type', (bytes) => `data:;base64,${base64Of(bytes)}`, 'png palette'],
		[
			'a data URI typed application/octet-stream',
			(bytes) => `data:application/octet-stream;base64,${base64Of(bytes)}`,
			'jpeg grey',
		],
		['base64 without padding', (bytes) => base64Of(bytes).replace(/=+$/, ''), 'png rgb'],
		['URL-safe base64', (bytes) => Buffer.from(bytes).toString('base64url'), 'webp lossy alpha'],
	])('accepts %s', (_name, encode, name) => {
		const { bytes, format, width, height } = fixture(name);
		const text = encode(bytes);

		const decoded = decodeBase64Image(text);

		expect(Buffer.compare(decoded.bytes, bytes)).toBe(0);
		expect(decoded.info).toEqual({ format, ...FORMAT_DETAILS[format], width, height, bytes: bytes.length });
	});

	test('the unpadded and URL-safe cases really exercise padding and the URL-safe alphabet', () => {
		expect(base64Of(image('png rgb'))).toMatch(/=$/);
		expect(base64Of(image('webp lossy alpha'))).toMatch(/[+/]/);
	});

	const png = () => base64Of(image('png rgb'));
	test.each<[string, () => string, RegExp]>([
		['an empty string', () => '', /^is empty; enter the image as base64 text$/],
		['whitespace only', () => ' \n\t ', /^is empty/],
		['a data URI without data', () => 'data:image/png;base64,', /^is empty: the data URI has no data after the comma$/],
		[
			'a percent sign',
			() => `${png().slice(0, 10)}%${png().slice(11)}`,
			/^is not valid base64: character 11 of the data is "%", but base64 uses only/,
		],
		[
			'an asterisk in a data URI',
			() => `data:image/png;base64,${png().slice(0, 4)}*${png().slice(5)}`,
			/^is not valid base64: character 5 of the data is "\*"/,
		],
		['a non-ASCII character', () => `é${png()}`, /^is not valid base64: character 1 of the data is "é"/],
		[
			'an emoji',
			() => `${png().slice(0, 8)}😀${png().slice(8)}`,
			/^is not valid base64: character 9 of the data is "😀"/,
		],
		[
			'mixed alphabets',
			() => `${png().slice(0, 8)}-_${png().slice(10)}`.replace(/[+/]/, '+'),
			/mixes the standard \(\+ \/\) and URL-safe \(- _\) alphabets/,
		],
		['padding in the middle', () => `iVBO=w0KGgo=`, /"=" padding may only appear once or twice, at the very end/],
		['three padding characters', () => 'iVBORw0K===', /"=" padding may only appear/],
		[
			'an impossible length',
			() => `${png().replace(/=+$/, '')}A`.slice(0, 4 * 50 + 1),
			/its length \(201 characters without whitespace\) is impossible/,
		],
		['padding on a wrong length', () => 'iVBORw0Kx=', /its length \(10 characters without whitespace\) is impossible/],
		['a data URI that is not base64', () => 'data:image/png,%89PNG%0D%0A', /^is a data URI that is not base64-encoded/],
		[
			'an SVG data URI',
			() => 'data:image/svg+xml;utf8,<svg xmlns="http://www.w3.org/2000/svg"/>',
			/^is a data URI that is not base64-encoded/,
		],
		['a data URI without a comma', () => 'data:image/png;base64', /^is a data URI that is not base64-encoded/],
		[
			'a data URI saying PNG holding a JPEG',
			() => `data:image/png;base64,${base64Of(image('jpeg baseline'))}`,
			/^is a data URI that says image\/png but contains a JPEG image \(image\/jpeg\)$/,
		],
		[
			'a data URI saying WebP holding a PNG',
			() => `data:image/webp;base64,${png()}`,
			/says image\/webp but contains a PNG image/,
		],
		[
			'a data URI saying text/plain',
			() => `data:text/plain;base64,${png()}`,
			/says text\/plain but contains a PNG image/,
		],
		[
			'a GIF data URI',
			async () => `data:image/gif;base64,${base64Of(await makeOtherFormat('gif'))}`,
			/^is a GIF image; PiAPI accepts PNG, JPEG or WebP$/,
		],
		['a URL', () => 'https://x.test/a.png', /^is a URL, not base64 data: use the URL source/],
		['base64 of text', () => Buffer.from('just some words').toString('base64'), /^is text, not an image/],
		['base64 of a truncated PNG', () => base64Of(image('png rgb').subarray(0, 60)), /^is a truncated PNG file/],
		[
			'base64 of a 2049 px wide PNG',
			() => base64Of(image('png 2049x10')),
			/^is 2049×10 px; PiAPI accepts at most 2048×2048/,
		],
		[
			'base64 of a PNG over 10 MB',
			() => base64Of(padPngTo(image('png rgb'), IMAGE_LIMITS.maxBytes + 1)),
			/^is 10\.00 MB \(10485761 bytes\)/,
		],
	] as Array<[string, () => string, RegExp]>)('rejects %s', async (_name, build, message) => {
		const text = await build();
		expectRejected(() => decodeBase64Image(text), message);
	});
});

describe('checkImageUrl', () => {
	test.each([
		['https://x.test/a.PNG', 'https://x.test/a.PNG'],
		['http://example.com/photos/b.jpeg', 'http://example.com/photos/b.jpeg'],
		['  https://cdn.example.com/c.webp \n', 'https://cdn.example.com/c.webp'],
		['https://img.example.com/ephemeral/3f2a.JPG', 'https://img.example.com/ephemeral/3f2a.JPG'],
	])('accepts %j', (value, expected) => {
		expect(checkImageUrl(value)).toBe(expected);
	});

	test.each([
		['', /^is empty; enter the image URL$/],
		['   ', /^is empty/],
		['file:///home/me/a.png', /^uses the file: scheme; PiAPI can only download http:\/\/ and https:\/\/ URLs$/],
		['ftp://example.com/a.png', /^uses the ftp: scheme;/],
		['javascript:alert(1)//a.png', /^uses the javascript: scheme;/],
		['data:image/png;base64,iVBORw0KGgo=', /^is a data URI, not a web address: use the Base64 source for data URIs$/],
		[
			'https://x.test/a.gif',
			/^does not end in \.png, \.jpg, \.jpeg or \.webp \(it ends in \.gif\), and PiAPI rejects such URLs; download the image with an HTTP Request node and use the Binary source instead$/,
		],
		['https://x.test/images/photo', /\(it has no file extension\)/],
		['https://x.test/', /\(it has no file extension\)/],
		['https://x.test/a.png?sig=1', /\(it ends in a query string or fragment such as \?… or #…\).*Binary source/],
		['https://x.test/a.png#top', /query string or fragment/],
		['https://user:pass@x.test/a.png', /^contains a user name or password \(user:pass@\)/],
		['https://token@x.test/a.png', /^contains a user name or password/],
		['x.test/a.png', /^is not a valid URL \("x\.test\/a\.png"\); it must be a full address starting with https:\/\/$/],
		['http:x.test/a.png', /^is not a valid URL/],
		['https://x.test/my photo.png', /^contains spaces or line breaks/],
	])('rejects %j', (value, message) => {
		expectRejected(() => checkImageUrl(value), message);
	});
});

describe('encodeBase64', () => {
	test('encodes only the bytes of a view, not its whole backing buffer', () => {
		const backing = Buffer.from('xxabcdefyy', 'latin1');
		const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, 6);
		expect(encodeBase64(view)).toBe('YWJjZGVm');
	});

	test('round-trips an image through decodeBase64Image as plain base64', () => {
		const jpeg = image('jpeg exif rotated');
		const text = encodeBase64(jpeg);
		expect(text).not.toMatch(/^data:|\s/);
		expect(Buffer.compare(decodeBase64Image(text).bytes, jpeg)).toBe(0);
	});
});
