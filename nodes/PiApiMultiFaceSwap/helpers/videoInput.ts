import type { IExecuteFunctions } from 'n8n-workflow';

import { ImageInputError } from '../../shared/formats/bytes';
import { VideoInputError, type VideoInfo } from '../../shared/formats/mp4';
import { asNodeError } from '../../shared/transport/errors';
import { decodeBase64Text } from './base64';
import { readInputBinary } from './binaryInput';
import { GENERIC_DECLARED_TYPES } from './image';
import { invalidInput, textParameter } from './parameters';
import { checkVideoBytes, checkVideoUrl, VIDEO_LIMITS } from './video';

/** The target video as the item gives it: a URL PiAPI downloads itself, or checked bytes to upload first. */
export type TargetVideo = { url: string } | { bytes: Buffer; info: VideoInfo };

/**
 * Reads the target video from its chosen source and checks it the way PiAPI would, before anything is sent: the bytes
 * entirely (format, size, resolution, frames), a URL as far as it can be known without downloading it.
 */
export async function readVideoInput(ctx: IExecuteFunctions, itemIndex: number): Promise<TargetVideo> {
	const source = textParameter(ctx, 'targetVideoSource', 'Target Video Source', itemIndex, 'url');
	const check = <T>(field: string, run: () => T): T => {
		try {
			return run();
		} catch (error) {
			if (error instanceof VideoInputError || error instanceof ImageInputError) {
				throw invalidInput(ctx, field, itemIndex, error.message);
			}
			throw asNodeError(ctx.getNode(), error, itemIndex);
		}
	};

	if (source === 'url') {
		const field = 'Target Video URL';
		const url = textParameter(ctx, 'targetVideoUrl', field, itemIndex);
		return { url: check(field, () => checkVideoUrl(url)) };
	}
	if (source === 'binary') {
		const field = 'Target Video Binary Field';
		const bytes = await readInputBinary(ctx, 'targetVideoBinaryProperty', field, itemIndex, 'video', VIDEO_LIMITS.maxBytes);
		return { bytes, info: check(field, () => checkVideoBytes(bytes)) };
	}
	if (source === 'base64') {
		const field = 'Target Video Base64';
		const text = textParameter(ctx, 'targetVideoBase64', field, itemIndex);
		return check(field, () => decodeBase64Video(text));
	}
	throw invalidInput(ctx, 'Target Video Source', itemIndex, `"${source}" is not one of URL, Binary File or Base64`);
}

/** Plain base64 or a `data:video/mp4;base64,` URI, decoded and checked; a data URI's type must not contradict the bytes. */
export function decodeBase64Video(text: string): { bytes: Buffer; info: VideoInfo } {
	const { bytes, declaredType } = decodeBase64Text(text, { noun: 'video', example: 'video/mp4' });
	const info = checkVideoBytes(bytes);
	if (declaredType !== undefined && !GENERIC_DECLARED_TYPES.includes(declaredType) && declaredType !== info.mimeType) {
		throw new ImageInputError(`is a data URI that says ${declaredType} but contains an MP4 video (${info.mimeType})`);
	}
	return { bytes, info };
}
