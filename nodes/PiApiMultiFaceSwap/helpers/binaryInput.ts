import type { IExecuteFunctions } from 'n8n-workflow';

import { invalidInput, requiredText } from './parameters';

/**
 * The bytes of the input binary field named in parameter `name` (for the image and video sources). `noun` completes
 * "the input binary field that holds the …".
 */
export async function readInputBinary(
	ctx: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
	noun: string,
): Promise<Buffer> {
	const property = requiredText(ctx, name, field, itemIndex, `name the input binary field that holds the ${noun}, e.g. data`);
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	if (!binary[property]) {
		const present = Object.keys(binary);
		const hint = present.length ? `it has ${present.map((name) => `"${name}"`).join(', ')}` : 'it has no binary data';
		throw invalidInput(ctx, field, itemIndex, `the input item has no binary field "${property}" (${hint})`);
	}
	return await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
}
