import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorJson } from '../helpers/errorJson';
import { asNodeError } from '../../shared/transport/errors';
import { CancelledError } from '../../shared/transport/retry';
import * as cancelTask from './cancelTask.operation';
import { taskCreationGuards } from './costGuards';
import * as estimateCost from './estimateCost.operation';
import * as getTask from './getTask.operation';
import * as swapFaces from './swapFaces.operation';
import * as swapVideoFaces from './swapVideoFaces.operation';
import { readMaxConcurrentTasks } from './throughput.options';
import {
	refuseWhatCallbackWaitCannotDo,
	startWaitingForCallback,
	usesCallbackWait,
	type TaskOperation,
} from './waitForCallback';

interface Operation {
	/** Reads and checks one item's input; sends nothing. */
	checkInput(this: IExecuteFunctions, itemIndex: number): Promise<void>;
	execute(this: IExecuteFunctions, itemIndex: number, signal?: AbortSignal): Promise<INodeExecutionData>;
	/** Each item creates one billed task: the cost guards apply (costGuards.ts). */
	createsTasks?: boolean;
	/** Its task can be awaited with Wait Method "Until PiAPI Calls Back" (waitForCallback.ts). */
	planTask?: TaskOperation['planTask'];
}

/** An operation that needs all items at once; it returns one item per input item. */
interface BatchOperation {
	executeAll(this: IExecuteFunctions, itemCount: number): Promise<INodeExecutionData[]>;
}

const operations: Record<string, Operation> = { swapFaces, swapVideoFaces, getTask, cancelTask };
const batchOperations: Record<string, BatchOperation> = { estimateCost };

/** Runs the chosen operation for every item; one output item per input item, in order, each paired with its input. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operationName = this.getNodeParameter('operation', 0) as string;
	const batch = batchOperations[operationName];
	if (batch) return [await runBatch(this, batch, items.length)];
	const operation = operations[operationName];
	if (!operation) throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported`);
	// Items run several at a time (Max Concurrent Tasks): each waits mostly on PiAPI.
	const maxConcurrent = readMaxConcurrentTasks(this);

	// Stops the other items' waiting when one fails the node, as well as when n8n cancels the execution.
	const stopAll = new AbortController();
	const executionSignal = this.getExecutionCancelSignal?.();
	const signal = executionSignal ? AbortSignal.any([executionSignal, stopAll.signal]) : stopAll.signal;

	// Max Tasks per Execution: a run over the limit sends nothing (without Continue On Fail it fails here).
	const guards = operation.createsTasks ? taskCreationGuards(this, items.length) : undefined;
	// Until PiAPI Calls Back: the execution waits for one task's callback instead of polling (waitForCallback.ts).
	const { planTask } = operation;
	const waitsForCallback = planTask !== undefined && usesCallbackWait(this);
	if (waitsForCallback) refuseWhatCallbackWaitCannotDo(this, items.length);

	// Without Continue On Fail one bad item fails the node, and whatever the items before it had sent would be lost
	// work (tasks paid for, tasks cancelled, results never returned): so every item's input is checked first.
	// Items run concurrently, so checking inside each item's run would not stop the others' requests.
	if (!this.continueOnFail()) {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				await operation.checkInput.call(this, itemIndex);
			} catch (caught) {
				throw asNodeError(this.getNode(), caught, itemIndex);
			}
		}
	}
	// Check Balance First, once per run, before any task exists; then the run's tasks count against the limit.
	await guards?.admit();
	if (waitsForCallback) return [await startWaitingForCallback(this, { ...operation, planTask }, guards, signal)];

	const runItem = async (itemIndex: number): Promise<INodeExecutionData> => {
		try {
			// After a stop, items that have not started send nothing (a task would only be created to be cancelled).
			if (signal.aborted) throw new CancelledError();
			const refusal = guards?.refusal(itemIndex);
			if (refusal) throw refusal;
			const result = await operation.execute.call(this, itemIndex, signal);
			return { ...result, pairedItem: { item: itemIndex } };
		} catch (caught) {
			const error = asNodeError(this.getNode(), caught, itemIndex);
			if (this.continueOnFail()) return { json: errorJson(error), pairedItem: { item: itemIndex } };
			stopAll.abort();
			throw error;
		}
	};

	return [await runLimited(items.length, maxConcurrent, runItem)];
}

/** A batch operation's items; when it fails with Continue On Fail, every item carries the error. */
async function runBatch(ctx: IExecuteFunctions, batch: BatchOperation, itemCount: number): Promise<INodeExecutionData[]> {
	try {
		return await batch.executeAll.call(ctx, itemCount);
	} catch (caught) {
		const error = asNodeError(ctx.getNode(), caught, 0);
		if (!ctx.continueOnFail()) throw error;
		return Array.from({ length: itemCount }, (_, item) => ({ json: errorJson(error), pairedItem: { item } }));
	}
}

/** Runs task(0..count-1) with at most `limit` at once; results keep the input order. The first failure is thrown once all have settled. */
async function runLimited<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const results: T[] = new Array<T>(count);
	let next = 0;
	let firstError: { error: unknown } | undefined;
	const worker = async () => {
		while (next < count && !firstError) {
			const index = next++;
			await task(index).then(
				(result) => (results[index] = result),
				(error: unknown) => (firstError ??= { error }),
			);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
	if (firstError) throw firstError.error;
	return results;
}
