// What a downloaded result's first bytes say: its format by signature, and a safe, short rendering for an error.
import { SIGNATURE_BYTES, imageFormatOf } from '../../../../nodes/shared/formats/index';
import { printableStart } from '../../../../nodes/shared/formats/sniff';
import { IMAGE_NAMES, loadImages } from '../../../fixtures/images';

describe('the format of a file from its first bytes', () => {
	it.each(IMAGE_NAMES)('names the format of the %s fixture from its first bytes alone', async (name) => {
		const { bytes, format } = (await loadImages()).get(name) as { bytes: Buffer; format: string };
		expect(imageFormatOf(bytes.subarray(0, SIGNATURE_BYTES))).toBe(format);
	});

	it.each([
		['GIF', 'GIF89a\x01\x00\x01\x00\x00\x00\x00'],
		['a RIFF file that is not WebP', 'RIFF\x24\x00\x00\x00WAVEfmt '],
		['an HTML page', '<!DOCTYPE html>'],
		['JSON', '{"code":404}'],
		['nothing', ''],
		['a cut-off signature', '\x89P'],
	])('names no format for %s', (_, text) => {
		expect(imageFormatOf(Buffer.from(text, 'latin1'))).toBeUndefined();
	});
});

describe('the first bytes shown in an error', () => {
	it('shows printable ASCII as it is, quoted, and escapes quotes, backslashes, line breaks and tabs', () => {
		expect(printableStart(Buffer.from('<p class="x">a\\b\r\n\tc</p>'))).toBe('"<p class=\\"x\\">a\\\\b\\r\\n\\tc</p>"');
	});

	it('shows other bytes as \\xNN, so binary or control bytes cannot garble the message', () => {
		expect(printableStart(Buffer.from([0x89, 0x50, 0x00, 0x1b, 0x7f, 0xff]))).toBe('"\\x89P\\x00\\x1b\\x7f\\xff"');
	});

	it('shows at most forty bytes, then "…"', () => {
		const text = 'x'.repeat(41);
		expect(printableStart(Buffer.from(text))).toBe(`"${'x'.repeat(40)}"…`);
		expect(printableStart(Buffer.from(text.slice(1)))).toBe(`"${'x'.repeat(40)}"`);
		expect(printableStart(Buffer.alloc(0))).toBe('""');
	});
});
