/**
 * The box layer of MP4 (ISO base media) files, and the errors of the MP4 reader: a file is a sequence of boxes (size,
 * four-character type, content), some of which hold other boxes.
 */
import { ascii, u32be } from './bytes';

/** Input that must not be sent. The message completes "The target video …"; the caller prefixes item and field. */
export class VideoInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'VideoInputError';
	}
}

export const CUT_SHORT = 'was the download or copy cut short?';
export const truncated = (where: string) =>
	new VideoInputError(`is a truncated MP4 file: it ends inside ${where} (${CUT_SHORT})`);
export const corrupt = (detail: string) => new VideoInputError(`is a corrupt MP4 file (${detail})`);

/** A box: its type, where its content starts (after the header) and where the box ends. */
export interface Box {
	type: string;
	start: number;
	end: number;
}

/**
 * The boxes that fill bytes[start, end). At the top level a box that runs past the end means the file was cut short;
 * inside a parent box it means the file is malformed. Handles 64-bit sizes (size 1) and "to the end" (size 0).
 */
export function readBoxes(bytes: Uint8Array, start: number, end: number, parent?: string): Box[] {
	const boxes: Box[] = [];
	for (let offset = start; offset < end; ) {
		const left = end - offset;
		const type = ascii(bytes, offset + 4, 4);
		let size = u32be(bytes, offset);
		let header = 8;
		if (size === 1) {
			header = 16;
			size = left >= 16 ? u32be(bytes, offset + 8) * 2 ** 32 + u32be(bytes, offset + 12) : 0;
		} else if (size === 0) {
			size = left;
		}
		if (left < header) {
			if (!parent) throw truncated(`a box header at byte ${offset}`);
			throw corrupt(`${left} stray bytes at the end of the "${parent}" box`);
		}
		// Box types are four printable characters; anything else is a damaged header, not a file cut short.
		if (!/^[\x20-\x7e\xa9]{4}$/.test(type)) throw corrupt(`unreadable box header at byte ${offset}`);
		if (size < header) throw corrupt(`the "${type}" box at byte ${offset} gives an impossible size of ${size} bytes`);
		if (size > left) {
			if (!parent) throw truncated(`its "${type}" box, of which only ${left} of ${size} bytes are there`);
			throw corrupt(`the "${type}" box at byte ${offset} runs past the end of its "${parent}" box`);
		}
		boxes.push({ type, start: offset + header, end: offset + size });
		offset += size;
	}
	return boxes;
}

export function child(bytes: Uint8Array, parent: Box, type: string): Box | undefined {
	return readBoxes(bytes, parent.start, parent.end, parent.type).find((box) => box.type === type);
}

export function required(bytes: Uint8Array, parent: Box, type: string): Box {
	const box = child(bytes, parent, type);
	if (!box) throw corrupt(`the "${parent.type}" box has no "${type}" box`);
	return box;
}

/** Checks that a box's content holds `length` bytes before they are read. */
export function need(box: Box, length: number): void {
	if (box.end - box.start < length) throw corrupt(`the "${box.type}" box is too short (${box.end - box.start} bytes)`);
}
