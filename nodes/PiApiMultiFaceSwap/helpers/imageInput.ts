import type { IExecuteFunctions } from 'n8n-workflow';

import { checkImageBytes, checkImageUrl, decodeBase64Image, encodeBase64, ImageInputError } from './image';
import { asNodeError } from '../../shared/transport/errors';
import { invalidInput, requiredText, textParameter } from './parameters';

export type ImageRole = 'target' | 'swap';

const LABELS: Record<ImageRole, string> = { target: 'Target Image', swap: 'Swap Image' };

/**
 * Reads the target or swap image from its chosen source and checks it the way PiAPI would, before anything is
 * sent. Returns what PiAPI takes: the URL, or plain base64.
 */
export async function readImageInput(ctx: IExecuteFunctions, role: ImageRole, itemIndex: number): Promise<string> {
	const label = LABELS[role];
	const source = textParameter(ctx, `${role}ImageSource`, `${label} Source`, itemIndex, 'url');
	const check = <T>(field: string, run: () => T): T => {
		try {
			return run();
		} catch (error) {
			if (error instanceof ImageInputError) throw invalidInput(ctx, field, itemIndex, error.message);
			throw asNodeError(ctx.getNode(), error, itemIndex);
		}
	};

	if (source === 'url') {
		const field = `${label} URL`;
		// checkImageUrl and decodeBase64Image say what to enter when the text is empty.
		const url = textParameter(ctx, `${role}ImageUrl`, field, itemIndex);
		return check(field, () => checkImageUrl(url));
	}
	if (source === 'binary') {
		const field = `${label} Binary Field`;
		const property = requiredText(
			ctx,
			`${role}ImageBinaryProperty`,
			field,
			itemIndex,
			'name the input binary field that holds the image, e.g. data',
		);
		const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
		if (!binary[property]) {
			const present = Object.keys(binary);
			const hint = present.length ? `it has ${present.map((name) => `"${name}"`).join(', ')}` : 'it has no binary data';
			throw invalidInput(ctx, field, itemIndex, `the input item has no binary field "${property}" (${hint})`);
		}
		const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		check(field, () => checkImageBytes(bytes));
		return encodeBase64(bytes);
	}
	if (source === 'base64') {
		const field = `${label} Base64`;
		const text = textParameter(ctx, `${role}ImageBase64`, field, itemIndex);
		// Sent as plain base64, the documented form, even when the user pasted a data URI.
		return encodeBase64(check(field, () => decodeBase64Image(text)).bytes);
	}
	throw invalidInput(ctx, `${label} Source`, itemIndex, `"${source}" is not one of URL, Binary File or Base64`);
}
