import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { boundedNumber, invalidInput } from '../helpers/parameters';

/**
 * Tasks the node may create in one execution. A run over the limit sends nothing at all, so the limit only has to sit
 * above normal batches: a wrong sheet range or a loop multiplies the items many times over and is stopped whole.
 * 1,000 tasks are $15 at the published price; a bigger batch raises the limit on purpose (README, "Costs").
 */
export const DEFAULT_MAX_TASKS_PER_EXECUTION = 1000;
const MAX_MAX_TASKS_PER_EXECUTION = 1_000_000;

export const maxTasksPerExecutionOption: INodeProperties = {
	displayName: 'Max Tasks per Execution',
	name: 'maxTasksPerExecution',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_MAX_TASKS_PER_EXECUTION, numberPrecision: 0 },
	default: DEFAULT_MAX_TASKS_PER_EXECUTION,
	description:
		'The most tasks (each billed by PiAPI) this node may create in one execution, counting every run of it (e.g. in a loop). A run that would go over sends nothing and fails; with Continue On Fail the items over the limit get an error and the others run. Read from the first item.',
};

/** Only for image face swaps: PiAPI's price per video frame is not confirmed, so a video run cannot be priced. */
export const checkBalanceFirstOption: INodeProperties = {
	displayName: 'Check Balance First',
	name: 'checkBalanceFirst',
	type: 'boolean',
	default: false,
	description:
		'Whether to read the PiAPI balance (free) before creating any task and send nothing when it cannot pay for every item at PiAPI’s published price',
};

export const costGuardOptions: INodeProperties[] = [maxTasksPerExecutionOption, checkBalanceFirstOption];

/** Max Tasks per Execution, read once per run (from the first item). */
export function readMaxTasksPerExecution(ctx: IExecuteFunctions): number {
	const field = 'Max Tasks per Execution';
	const value: unknown = ctx.getNodeParameter('options.maxTasksPerExecution', 0, DEFAULT_MAX_TASKS_PER_EXECUTION);
	const number = boundedNumber(ctx, value ?? DEFAULT_MAX_TASKS_PER_EXECUTION, field, 0, {
		min: 1,
		max: MAX_MAX_TASKS_PER_EXECUTION,
	});
	if (!Number.isInteger(number)) throw invalidInput(ctx, field, 0, `must be a whole number, got ${number}`);
	return number;
}

/** Check Balance First, read once per run (from the first item). */
export function readCheckBalanceFirst(ctx: IExecuteFunctions): boolean {
	const value: unknown = ctx.getNodeParameter('options.checkBalanceFirst', 0, false);
	if (typeof value !== 'boolean') throw invalidInput(ctx, 'Check Balance First', 0, `must be true or false, got ${JSON.stringify(value)}`);
	return value;
}
