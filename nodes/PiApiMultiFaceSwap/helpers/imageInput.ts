import type { IExecuteFunctions } from 'n8n-workflow';

import { checkImageBytes, checkImageUrl, decodeBase64Image, encodeBase64, ImageInputError } from './image';
import { asNodeError } from '../../shared/transport/errors';
import { readInputBinary } from './binaryInput';
import { invalidInput, textParameter } from './parameters';

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
		const bytes = await readInputBinary(ctx, `${role}ImageBinaryProperty`, field, itemIndex, 'image');
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
