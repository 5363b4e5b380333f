import type { IExecuteFunctions, NodeError } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { balanceCovers, costOfTasks, formatUsd, IMAGE_FACE_SWAP_PRICE_USD } from '../helpers/cost';
import { invalidInput } from '../helpers/parameters';
import { readAccountBalance } from '../transport/account';
import { asNodeError } from '../transport/errors';
import { readCheckBalanceFirst, readMaxTasksPerExecution } from './cost.options';

const MAX_TASKS = 'Max Tasks per Execution';

/** Why the items from `limit` on would create no task; the same text for Swap Faces and Estimate Cost. */
export function overLimitProblem(itemCount: number, limit: number, sentNothing: boolean): string {
	const over = limit === itemCount - 1 ? `item ${limit} creates` : `items ${limit} to ${itemCount - 1} create`;
	const what = sentNothing ? 'nothing was sent' : `${over} no task`;
	return `this run's ${itemCount} items would create ${itemCount} tasks, more than the limit of ${limit}; ${what}`;
}

/**
 * The cost guards of an operation that creates one task per item, applied before any task is created:
 * Max Tasks per Execution (checked at once) and Check Balance First (checkBalance, after the input checks).
 * Without Continue On Fail a refused run throws and sends nothing; with it, refused items get the error (refusal):
 * the items over the limit, or every item when the options are invalid or the balance is short.
 */
export function taskCreationGuards(ctx: IExecuteFunctions, itemCount: number) {
	const continueOnFail = ctx.continueOnFail();
	let refusedRun: NodeError | undefined;
	const refuseRun = (caught: unknown) => {
		const error = asNodeError(ctx.getNode(), caught, 0);
		if (!continueOnFail) throw error;
		refusedRun = error;
	};

	let limit = itemCount;
	try {
		limit = readMaxTasksPerExecution(ctx);
	} catch (caught) {
		refuseRun(caught);
	}
	if (itemCount > limit && !continueOnFail) throw invalidInput(ctx, MAX_TASKS, limit, overLimitProblem(itemCount, limit, true));
	const tasks = Math.min(itemCount, limit);

	return {
		/** With Check Balance First: reads the balance once and refuses the whole run when it cannot pay for every task. */
		async checkBalance(): Promise<void> {
			if (refusedRun || tasks === 0) return;
			try {
				if (readCheckBalanceFirst(ctx)) await requireBalanceFor(ctx, tasks);
			} catch (caught) {
				refuseRun(caught);
			}
		},
		/** The error of an item that must create no task (with Continue On Fail), or undefined. */
		refusal(itemIndex: number): NodeError | undefined {
			if (itemIndex >= limit) return invalidInput(ctx, MAX_TASKS, itemIndex, overLimitProblem(itemCount, limit, false));
			return refusedRun;
		},
	};
}

async function requireBalanceFor(ctx: IExecuteFunctions, tasks: number): Promise<void> {
	const { usd } = await readAccountBalance(ctx, { itemIndex: 0 });
	if (usd === undefined) {
		throw new NodeApiError(ctx.getNode(), { message: 'no equivalent_in_usd in the answer of /account/info' }, {
			message: 'PiAPI did not report the account balance, so Check Balance First cannot tell whether the run can be paid; nothing was sent',
			description: 'Turn Check Balance First off to run without the check.',
			itemIndex: 0,
		});
	}
	if (balanceCovers(usd, tasks)) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`The PiAPI balance (${formatUsd(usd)}) cannot pay for this run: ${tasks} tasks cost ` +
			`${formatUsd(costOfTasks(tasks))} at ${formatUsd(IMAGE_FACE_SWAP_PRICE_USD)} each; nothing was sent`,
		{ description: 'Check Balance First is on. Top up the PiAPI account or send fewer items.', itemIndex: 0 },
	);
}
