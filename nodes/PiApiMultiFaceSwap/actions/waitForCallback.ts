import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callbackSecret } from '../helpers/callbackSecret';
import { errorJson } from '../helpers/errorJson';
import { resultItem, taskJson } from '../../shared/output';
import { invalidInput, textParameter } from '../helpers/parameters';
import { cancelIfStillQueued } from '../helpers/polling';
import { runsAsTool } from '../helpers/toolMode';
import { taskNotCompletedError } from '../helpers/taskFailure';
import { CREDENTIAL_TYPE } from '../../shared/transport';
import { readTaskCallback } from '../../shared/transport/callback';
import { asNodeError, withTaskId } from '../../shared/transport/errors';
import { isFinal, taskClient, type TaskSnapshot } from '../../shared/transport/flavours';
import { CancelledError, creationTimeoutMs } from '../../shared/transport/retry';
import type { taskCreationGuards } from './costGuards';
import type { TaskPlan } from './runTask';

// How n8n runs a waiting node (n8n 1.x and 2.x, read in WaitingWebhooks, WebhookHelpers.executeWebhook and
// WorkflowExecute.handleWaitingState): a callback runs webhook(); if it returns items the execution resumes and they
// become this node's output, else n8n saves nothing and the execution keeps waiting. On resume, by callback or at
// Wait Timeout, the node is not run again: it passes on the items it is given.
// So a missed callback cannot be made up for here: at Wait Timeout no node code runs (no last look at the task), and a
// shorter wait, to look and wait again, would only resume the execution sooner with the same item. And
// callbacks can be missed: until n8n has stored the execution as waiting, WaitingWebhooks answers them 409 and keeps
// nothing. The timeout item therefore claims nothing about PiAPI, and says how to collect the task (Get Task).

type Guards = ReturnType<typeof taskCreationGuards>;

/** What this mode needs of an operation that creates tasks (Swap Faces, Swap Faces in Video). */
export interface TaskOperation {
	/** Reads and checks the item's input; sends nothing. */
	checkInput(this: IExecuteFunctions, itemIndex: number): Promise<void>;
	/** The item's task, ready to be created (a video given as bytes is uploaded here). */
	planTask(this: IExecuteFunctions, itemIndex: number, signal?: AbortSignal): Promise<TaskPlan>;
}

export function usesCallbackWait(ctx: IExecuteFunctions): boolean {
	return (
		// Swap Faces in Video has no API field: it runs on the unified API only.
		ctx.getNodeParameter('api', 0, 'unified') === 'unified' &&
		ctx.getNodeParameter('waitForCompletion', 0, true) === true &&
		ctx.getNodeParameter('waitMethod', 0, 'poll') === 'callback'
	);
}

/** Refuses, before any request, the runs this mode cannot report correctly. */
export function refuseWhatCallbackWaitCannotDo(ctx: IExecuteFunctions, itemCount: number): void {
	if (runsAsTool(ctx)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Wait Method "Until PiAPI Calls Back" cannot be used when the node is an AI Agent\'s tool; nothing was sent',
			{
				description:
					'The agent needs the tool\'s answer within its own run, and a waiting execution gives none until PiAPI calls back. Set Wait Method to "Poll PiAPI" on this tool.',
			},
		);
	}
	if (itemCount > 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Wait Method "Until PiAPI Calls Back" waits for one task per run of the node, and this run has ${itemCount} items; nothing was sent`,
			{
				description:
					'n8n keeps nothing from a callback that does not resume a waiting execution, and at Wait Timeout it resumes the node without running it: with several tasks the node could tell neither which are done nor which timed out. For batches use Wait Method "Poll PiAPI", or start one execution per image.',
			},
		);
	}
	if (!ctx.continueOnFail()) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Wait Method "Until PiAPI Calls Back" needs Settings → On Error set to "Continue"; nothing was sent',
			{
				description:
					'n8n resumes a waiting node without running it again, so a task that fails or times out can only come out as an item with an "error" field: it cannot stop the workflow. Check the item for "error" after this node, or use Wait Method "Poll PiAPI".',
			},
		);
	}
}

/** Creates the task with the execution's resume URL as its callback and puts the execution to wait. */
export async function startWaitingForCallback(
	ctx: IExecuteFunctions,
	operation: TaskOperation,
	guards: Guards | undefined,
	signal: AbortSignal,
): Promise<INodeExecutionData[]> {
	const itemIndex = 0;
	const pairedItem = { item: itemIndex };
	let created: TaskSnapshot | undefined;
	try {
		await operation.checkInput.call(ctx, itemIndex);
		if (textParameter(ctx, 'options.webhookUrl', 'Callback URL', itemIndex)) {
			throw invalidInput(ctx, 'Callback URL', itemIndex, 'must be empty with Wait Method "Until PiAPI Calls Back" (PiAPI calls this execution back)');
		}
		const refusal = guards?.refusal(itemIndex);
		if (refusal) throw refusal;
		if (signal.aborted) throw new CancelledError();
		const { request, timeoutMs, json } = await operation.planTask.call(ctx, itemIndex, signal);
		const secret = await secretOf(ctx);
		const endpoint = String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', itemIndex));
		const client = taskClient(ctx, 'unified');
		const creation = { itemIndex, signal, timeoutMs: creationTimeoutMs(timeoutMs) };
		created = await client.create({ ...request, webhook: { endpoint, secret } }, creation);
		if (signal.aborted) {
			await cancelIfStillQueued(client, created, itemIndex);
			throw new CancelledError();
		}
		// At Wait Timeout n8n passes on this node's input unchanged: make that input the timeout's error item.
		// A callback replaces it with the outcome (and webhook() reads the awaited task ID from it).
		// `json` (e.g. the target video's frames) rides along in both, for the output item.
		ctx.getExecuteData().data = { main: [[{ json: { ...timeoutJson(ctx, created, timeoutMs), ...json }, pairedItem }]] };
		await ctx.putExecutionToWait(new Date(Date.now() + timeoutMs));
		return [{ json: { ...taskJson(created), ...json }, pairedItem }];
	} catch (caught) {
		const error = asNodeError(ctx.getNode(), caught, itemIndex);
		return [{ json: errorJson(created ? withTaskId(error, created.taskId) : error), pairedItem }];
	}
}

/**
 * PiAPI's callback to the resume URL: a final status resumes the execution with the item polling would give; anything
 * else (progress, repeats, another task's callback) is answered and changes nothing.
 */
export async function receiveCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const callback = readTaskCallback(this, await secretOf(this));
	if (callback.refused) return callback.refused;
	const { snapshot } = callback;
	// The node may run again in this execution (a loop), with the same secret: only the awaited task counts.
	if (snapshot.taskId !== this.evaluateExpression('{{ $json.taskId }}', 0)) {
		return { webhookResponse: { received: true, ignored: 'not the task this execution waits for' } };
	}
	if (!isFinal(snapshot)) return { webhookResponse: { received: true, status: snapshot.status } };
	return { workflowData: [[await outcomeItem(this, snapshot)]] };
}

/** What the waiting item carries besides the timeout error (e.g. the target video's frames), for the output item. */
function carriedJson(ctx: IWebhookFunctions): IDataObject {
	const waiting = ctx.evaluateExpression('{{ $json }}', 0);
	if (typeof waiting !== 'object' || waiting === null || Array.isArray(waiting)) return {};
	const carried = { ...(waiting as IDataObject) };
	for (const key of ['error', 'description', 'taskId']) delete carried[key];
	return carried;
}

/** What polling gives for a final task under Continue On Fail: the result, or an error item naming the task. */
async function outcomeItem(ctx: IWebhookFunctions, final: TaskSnapshot): Promise<INodeExecutionData> {
	const pairedItem = { item: 0 };
	try {
		if (final.status !== 'completed') throw taskNotCompletedError(ctx, final, 0);
		const output = ctx.getNodeParameter('output', 'binary') === 'url' ? 'url' : 'binary';
		const binaryProperty = String(ctx.getNodeParameter('binaryPropertyOutput', 'data')).trim() || 'data';
		const item = await resultItem(ctx, final, { output, binaryProperty, itemIndex: 0 });
		return { ...item, json: { ...item.json, ...carriedJson(ctx) }, pairedItem };
	} catch (caught) {
		return { json: errorJson(withTaskId(asNodeError(ctx.getNode(), caught, 0), final.taskId)), pairedItem };
	}
}

async function secretOf(ctx: IExecuteFunctions | IWebhookFunctions): Promise<string> {
	const { apiKey } = await ctx.getCredentials<{ apiKey?: unknown }>(CREDENTIAL_TYPE);
	return callbackSecret(String(apiKey ?? ''), ctx.getExecutionId(), ctx.getNode().id);
}

function timeoutJson(ctx: IExecuteFunctions, created: TaskSnapshot, timeoutMs: number): IDataObject {
	const error = new NodeOperationError(
		ctx.getNode(),
		`No final callback for task ${created.taskId} reached this execution within ${Math.round(timeoutMs / 1000)} s (Wait Timeout)`,
		{
			itemIndex: 0,
			description:
				'The task may have finished anyway: n8n refuses a callback that arrives before it has stored the execution as waiting, and PiAPI does not publish whether it sends such a callback again. Or the task is still running. Collect it with the Get Task operation and this task ID (Get Task downloads the result of a completed task); raising "Wait Timeout" under Options helps only a task that is still running.',
		},
	);
	return errorJson(withTaskId(error, created.taskId));
}
