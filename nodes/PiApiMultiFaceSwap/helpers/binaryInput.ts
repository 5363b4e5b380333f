import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { invalidInput, requiredText } from './parameters';

/**
 * The bytes of the input binary field named in parameter `name` (for the image and video sources). `noun` completes
 * "the input binary field that holds the …". With `maxBytes`, a file whose stored size is larger is refused without
 * being read (a video of gigabytes is not loaded into memory only to be refused).
 */
export async function readInputBinary(
	ctx: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
	noun: string,
	maxBytes?: number,
): Promise<Buffer> {
	const property = requiredText(ctx, name, field, itemIndex, `name the input binary field that holds the ${noun}, e.g. data`);
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	if (!binary[property]) {
		const present = Object.keys(binary);
		const hint = present.length ? `it has ${present.map((name) => `"${name}"`).join(', ')}` : 'it has no binary data';
		throw invalidInput(ctx, field, itemIndex, `the input item has no binary field "${property}" (${hint})`);
	}
	const bytes = maxBytes === undefined ? undefined : await storedSize(ctx, binary[property]);
	if (maxBytes !== undefined && bytes !== undefined && bytes > maxBytes) {
		const megabytes = (bytes / 1024 / 1024).toFixed(2);
		const limit = `${Math.round(maxBytes / 1024 / 1024)} MB (${maxBytes} bytes)`;
		throw invalidInput(ctx, field, itemIndex, `is ${megabytes} MB (${bytes} bytes); PiAPI takes at most ${limit}, so it was not read`);
	}
	return await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
}

/**
 * A binary's size without reading it: n8n 2.x stores it (`bytes`); n8n 1.x keeps it in the binary store's metadata
 * (filesystem mode) or holds the file as base64 (default mode: 4 characters for 3 bytes, less the padding).
 */
async function storedSize(ctx: IExecuteFunctions, binary: IBinaryData): Promise<number | undefined> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	if (typeof binary.data !== 'string') return undefined;
	return (binary.data.length * 3) / 4 - (/=*$/.exec(binary.data)?.[0].length ?? 0);
}
