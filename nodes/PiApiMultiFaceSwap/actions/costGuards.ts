import type { IExecuteFunctions, NodeError } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { balanceCovers, costOfTasks, formatUsd, IMAGE_FACE_SWAP_PRICE_USD } from '../../shared/cost';
import { invalidInput } from '../helpers/parameters';
import { readAccountBalance } from '../../shared/transport/account';
import { asNodeError } from '../../shared/transport/errors';
import { readCheckBalanceFirst, readMaxTasksPerExecution } from './cost.options';

/** Where the node keeps, for the rest of the execution, how many tasks its earlier runs took (n8n's node context). */
const TASKS_KEY = 'piApiTasksThisExecution';

/**
 * The error of item `itemIndex` when the run goes over the limit (`earlier`: tasks of the node's earlier runs in this
 * execution); the same text for Swap Faces and Estimate Cost.
 */
export function overLimitError(
	ctx: IExecuteFunctions,
	{ itemIndex, itemCount, limit, earlier, sentNothing }: OverLimit,
): NodeOperationError {
	const allowed = Math.max(0, limit - earlier);
	const over = allowed === itemCount - 1 ? `item ${allowed} creates` : `items ${allowed} to ${itemCount - 1} create`;
	const count = earlier
		? `this run's ${itemCount} items would bring this execution to ${earlier + itemCount} tasks (${earlier} in earlier runs of this node)`
		: `this run's ${itemCount} items would create ${itemCount} tasks`;
	const what = sentNothing ? 'nothing was sent' : `${over} no task`;
	return invalidInput(ctx, 'Max Tasks per Execution', itemIndex, `${count}, more than the limit of ${limit}; ${what}`);
}

interface OverLimit {
	itemIndex: number;
	itemCount: number;
	limit: number;
	earlier: number;
	sentNothing: boolean;
}

/**
 * The cost guards of an operation that creates one task per item, applied before any task is created:
 * Max Tasks per Execution (checked at once, counting the node's earlier runs in this execution, e.g. in a loop) and
 * Check Balance First (in admit, after the input checks). Without Continue On Fail a refused run throws and sends
 * nothing; with it, refused items get the error (refusal): the items over the limit, or every item when the options
 * are invalid or the balance is short.
 */
export function taskCreationGuards(ctx: IExecuteFunctions, itemCount: number) {
	const continueOnFail = ctx.continueOnFail();
	let refusedRun: NodeError | undefined;
	const refuseRun = (caught: unknown) => {
		const error = asNodeError(ctx.getNode(), caught, 0);
		if (!continueOnFail) throw error;
		refusedRun = error;
	};

	const context = ctx.getContext('node');
	const earlier = typeof context[TASKS_KEY] === 'number' ? context[TASKS_KEY] : 0;
	let limit = earlier + itemCount;
	try {
		limit = readMaxTasksPerExecution(ctx);
	} catch (caught) {
		refuseRun(caught);
	}
	const allowed = Math.max(0, limit - earlier);
	const overLimit = (itemIndex: number, sentNothing: boolean) =>
		overLimitError(ctx, { itemIndex, itemCount, limit, earlier, sentNothing });
	if (itemCount > allowed && !continueOnFail) throw overLimit(allowed, true);
	const tasks = Math.min(itemCount, allowed);

	return {
		/**
		 * With Check Balance First: reads the balance once and refuses the whole run when it cannot pay for every task.
		 * A run that is not refused counts its tasks against the limit for the rest of the execution.
		 */
		async admit(): Promise<void> {
			if (refusedRun || tasks === 0) return;
			try {
				if (readCheckBalanceFirst(ctx)) await requireBalanceFor(ctx, tasks);
			} catch (caught) {
				refuseRun(caught);
				return;
			}
			context[TASKS_KEY] = earlier + tasks;
		},
		/** The error of an item that must create no task (with Continue On Fail), or undefined. */
		refusal(itemIndex: number): NodeError | undefined {
			return itemIndex >= allowed ? overLimit(itemIndex, false) : refusedRun;
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
