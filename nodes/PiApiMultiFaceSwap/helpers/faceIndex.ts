/** PiAPI numbers faces from 0, roughly left to right; no real photo has this many faces. */
export const MAX_FACE_INDEX = 99;

/**
 * Checks a comma-separated face index list such as "0" or "0,1" and returns it in PiAPI's form (no spaces).
 * Returns a problem description instead when the text is not such a list.
 */
export function normaliseFaceIndices(text: string): { value: string } | { problem: string } {
	const trimmed = text.trim();
	if (!trimmed) return { problem: 'is empty; use 0 for the first face, or a list such as 0,1' };
	const parts = trimmed.split(',').map((part) => part.trim());
	for (const part of parts) {
		if (part === '') return { problem: `"${trimmed}" has an empty entry; write indices like 0,1` };
		if (!/^\d+$/.test(part)) {
			return { problem: `"${part}" is not a face index; use whole numbers from 0 (the first face), separated by commas` };
		}
		if (Number(part) > MAX_FACE_INDEX) return { problem: `${part} is larger than ${MAX_FACE_INDEX}` };
	}
	return { value: parts.map(Number).join(',') };
}
