import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A user-facing input error that names the field and the item, so the user knows where to look. */
export function invalidInput(ctx: IExecuteFunctions, field: string, itemIndex: number, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${field} (item ${itemIndex}): ${problem}`, { itemIndex });
}

/**
 * A text parameter (a collection option as "options.name"); numbers are accepted as text. Expressions can resolve
 * to anything, so an object or an array is refused here instead of being sent as "[object Object]" or dropped.
 * Trimmed unless `trim` is false (secrets are sent exactly as entered).
 */
export function textParameter(
	ctx: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
	fallback = '',
	{ trim = true }: { trim?: boolean } = {},
): string {
	const value: unknown = ctx.getNodeParameter(name, itemIndex, fallback);
	if (typeof value === 'string') return trim ? value.trim() : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value === null || value === undefined) return '';
	const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
	throw invalidInput(ctx, field, itemIndex, `must be text, but the value is ${kind}`);
}

/** A text parameter that must not be empty; `whatToEnter` completes "is empty; …". */
export function requiredText(
	ctx: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
	whatToEnter: string,
): string {
	const value = textParameter(ctx, name, field, itemIndex);
	if (!value) throw invalidInput(ctx, field, itemIndex, `is empty; ${whatToEnter}`);
	return value;
}

/** A number within bounds, from a parameter that may also be an expression. */
export function boundedNumber(
	ctx: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
	{ min, max }: { min: number; max: number },
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < min || number > max) {
		throw invalidInput(ctx, field, itemIndex, `must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
	}
	return number;
}
