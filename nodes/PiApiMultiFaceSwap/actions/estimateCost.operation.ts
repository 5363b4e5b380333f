import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { balanceCovers, costOfTasks, IMAGE_FACE_SWAP_PRICE_USD } from '../../shared/cost';
import { readAccountBalance } from '../../shared/transport/account';
import { asNodeError } from '../../shared/transport/errors';
import { readCheckBalanceFirst, readMaxTasksPerExecution } from './cost.options';
import { overLimitError } from './costGuards';
import * as swapFaces from './swapFaces.operation';

// The fields are Swap Faces' own (swapFaces.operation shows them for both operations); this adds a notice.
const properties: INodeProperties[] = [
	{
		displayName:
			'Checks every item exactly as Swap Faces would and creates no task. Each item tells whether Swap Faces would accept it and why not, with a summary: tasks, price and the PiAPI balance.',
		name: 'estimateCostNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['estimateCost'] } }, properties);

/**
 * One output item per input item: accepted or not (and why), plus the run's summary on every item, so that each
 * item stays paired with its input and any one of them answers "can this run go ahead?".
 */
export async function executeAll(this: IExecuteFunctions, itemCount: number): Promise<INodeExecutionData[]> {
	if (itemCount === 0) return [];
	const limit = readMaxTasksPerExecution(this);
	readCheckBalanceFirst(this); // only checked: a value Swap Faces would refuse fails the estimate too
	const reasons: Array<string | undefined> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		reasons.push(await whySwapFacesWouldRefuse(this, itemIndex, itemCount, limit));
	}
	const tasks = reasons.filter((reason) => reason === undefined).length;
	const { usd } = await readAccountBalance(this, { itemIndex: 0 });
	const summary: IDataObject = {
		items: itemCount,
		tasks,
		rejected: itemCount - tasks,
		priceUsdPerTask: IMAGE_FACE_SWAP_PRICE_USD,
		costUsd: costOfTasks(tasks),
		maxTasksPerExecution: limit,
		balanceUsd: usd ?? null,
		balanceCoversCost: usd === undefined ? null : balanceCovers(usd, tasks),
	};
	return reasons.map((reason, item) => ({
		json:
			reason === undefined
				? { accepted: true, costUsd: IMAGE_FACE_SWAP_PRICE_USD, summary: { ...summary } }
				: { accepted: false, reason, costUsd: 0, summary: { ...summary } },
		pairedItem: { item },
	}));
}

/** The message Swap Faces would give this item (with Continue On Fail), or undefined when it would create a task. */
async function whySwapFacesWouldRefuse(
	ctx: IExecuteFunctions,
	itemIndex: number,
	itemCount: number,
	limit: number,
): Promise<string | undefined> {
	try {
		await swapFaces.checkInput.call(ctx, itemIndex);
	} catch (caught) {
		return asNodeError(ctx.getNode(), caught, itemIndex).message;
	}
	if (itemIndex < limit) return undefined;
	return overLimitError(ctx, { itemIndex, itemCount, limit, earlier: 0, sentNothing: false }).message;
}
