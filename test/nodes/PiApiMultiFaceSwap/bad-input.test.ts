// Runs every case of the bad-input catalog through n8n's real engine against the simulator, with a valid API key:
// the node must fail with a NodeOperationError that names the item and the field and says what is wrong, and it
// must not have sent a single request to PiAPI; with Continue On Fail the bad item becomes an error item instead.
import type { INodeParameters } from 'n8n-workflow';

import { N8N_MAJOR, runNode, SWAP_NODE_NAME } from '../../harness';
import { writeCatalogTable } from '../../harness/catalog-table';
import type { InputItem } from '../../harness/input-node';
import {
	BAD_INPUT_CASES,
	VALID_TASK_ID,
	loadBadInputFiles,
	validParameters,
	type BadInputCase,
	type BadInputFiles,
} from './bad-input.catalog';
import { credentialsFor, startFastSimulator, type Simulator } from './simulated';

let sim: Simulator;
let files: BadInputFiles;

beforeAll(async () => {
	[sim, files] = await Promise.all([startFastSimulator(), loadBadInputFiles()]);
});
afterAll(async () => await sim.stop());

/** The message each case gave without Continue On Fail, for RELIABILITY.md's table (see catalog-table.js). */
const messages = new Map<string, string>();
afterAll(() =>
	writeCatalogTable(
		BAD_INPUT_CASES.filter((testCase) => messages.has(testCase.id)).map((testCase) => ({
			...testCase,
			message: messages.get(testCase.id) as string,
		})),
	),
);
beforeEach(() => sim.resetCounters());

const parametersOf = (testCase: Pick<BadInputCase, 'operation' | 'parameters'>): INodeParameters => ({
	...validParameters(testCase.operation),
	...testCase.parameters,
});
const inputOf = (testCase: Pick<BadInputCase, 'input'>): InputItem[] => testCase.input?.(files) ?? [{ json: {} }];
const badItemOf = (testCase: BadInputCase) => testCase.badItem ?? 0;

const run = (testCase: Pick<BadInputCase, 'operation' | 'parameters' | 'input'>, options: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({
		parameters: parametersOf(testCase),
		input: inputOf(testCase),
		credentials: credentialsFor(sim),
		...options,
	});

/** Requests that reached PiAPI's routes (task creation, polling, cancelling, the account…). */
const apiRequests = () => sim.requestLog().filter((entry) => entry.path.startsWith('/api/'));

/** "<Field> (item <i>): <problem>", with the problem matching the case's pattern. */
function expectInputMessage(message: unknown, testCase: BadInputCase) {
	const prefix = `${testCase.field} (item ${badItemOf(testCase)}): `;
	expect(typeof message).toBe('string');
	const text = message as string;
	expect(text.slice(0, prefix.length)).toBe(prefix);
	expect(text.slice(prefix.length)).toMatch(testCase.problem);
}

/** An error of the node's own input checks, for any field and item. */
const INPUT_ERROR = /^[A-Z][A-Za-z ]+ \(item \d+\): /;

const cases = BAD_INPUT_CASES.map((testCase) => [testCase.id, testCase] as const);

describe('the bad-input catalog', () => {
	it('has at least 40 cases with unique ids, each naming a field and a bad item that exists', () => {
		expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(40);
		const ids = BAD_INPUT_CASES.map((testCase) => testCase.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const testCase of BAD_INPUT_CASES) {
			expect(testCase.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
			expect(testCase.field).not.toBe('');
			expect(badItemOf(testCase)).toBeLessThan(inputOf(testCase).length);
		}
	});

	it('has cases where the bad item is not the first, for every operation', () => {
		const later = BAD_INPUT_CASES.filter((testCase) => badItemOf(testCase) > 0);
		expect(new Set(later.map((testCase) => testCase.operation))).toEqual(
			new Set(['swapFaces', 'swapVideoFaces', 'getTask', 'cancelTask']),
		);
	});
});

describe('bad input fails the node before any request', () => {
	it.each(cases)('%s', async (_id, testCase) => {
		const { items, error, status, requests } = await run(testCase);

		expect(status).toBe('error');
		expect(items).toEqual([]);
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			context: expect.objectContaining({ itemIndex: badItemOf(testCase) }),
			node: expect.objectContaining({ name: SWAP_NODE_NAME }),
		});
		expectInputMessage(error?.message, testCase);
		messages.set(testCase.id, error?.message as string);
		// Nothing reached PiAPI, not even for the valid items before the bad one: the node checks every item's
		// input before it sends anything, although it then runs up to 5 items at once.
		expect(apiRequests()).toEqual([]);
		expect(requests).toEqual([]);
		expect(sim.counters()).toMatchObject({ tasksCreated: 0, polls: 0, cancels: 0 });
	});
});

describe('bad input with Continue On Fail', () => {
	it.each(cases)('%s', async (_id, testCase) => {
		const input = inputOf(testCase);
		const badItem = badItemOf(testCase);

		const { items, error } = await run(testCase, { continueOnFail: true });

		expect(error).toBeUndefined();
		expect(items).toHaveLength(input.length);
		items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
		expect(items[badItem].json).toEqual({ error: expect.any(String) });
		expectInputMessage(items[badItem].json.error, testCase);

		// The valid items still run, each on its own: one request each, and the bad item sends none.
		const validItems = items.filter((_item, index) => index !== badItem);
		for (const item of validItems) expect(String(item.json.error ?? '')).not.toMatch(INPUT_ERROR);
		if (testCase.operation === 'swapFaces' || testCase.operation === 'swapVideoFaces') {
			expect(sim.counters().tasksCreated).toBe(validItems.length);
			// A valid video given as bytes is uploaded first: one upload and one creation.
			const uploads = sim.counters().uploads;
			expect(uploads).toBeLessThanOrEqual(validItems.length);
			expect(apiRequests()).toHaveLength(validItems.length + uploads);
		} else {
			expect(apiRequests().map((entry) => entry.path)).toEqual(validItems.map(() => `/api/v1/task/${VALID_TASK_ID}`));
		}
	});

	it('with “Continue (using error output)”, sends the bad item to the error output and runs the valid one', async () => {
		const testCase = BAD_INPUT_CASES.find((candidate) => candidate.id === 'item-1-url-file-scheme') as BadInputCase;

		const { outputs, error } = await run(testCase, { continueOnFail: 'errorOutput' });

		expect(error).toBeUndefined();
		const [success, failure] = outputs;
		expect(success).toHaveLength(1);
		expect(success[0]).toMatchObject({ json: { status: 'pending' }, pairedItem: { item: 0 } });
		expect(failure).toHaveLength(1);
		expect(failure[0].pairedItem).toEqual({ item: 1 });
		expectInputMessage(failure[0].json.error, testCase);
		expect(sim.counters().tasksCreated).toBe(1);
	});
});

describe('Estimate Cost reports each Swap Faces case as Swap Faces would, creating nothing', () => {
	// The same check in one place: the bad item is "not accepted" with Swap Faces' message, the others are accepted;
	// a value read once per run (an option) fails the estimate as it fails Swap Faces.
	const swapCases = cases.filter(([, testCase]) => testCase.operation === 'swapFaces');
	it.each(swapCases)('%s', async (_id, testCase) => {
		const badItem = badItemOf(testCase);

		const { items, error } = await run({ ...testCase, parameters: { ...testCase.parameters, operation: 'estimateCost' } });

		if (error) {
			expect(items).toEqual([]);
			expect(error.context).toMatchObject({ itemIndex: badItem });
			expectInputMessage(error.message, testCase);
		} else {
			expect(items).toHaveLength(inputOf(testCase).length);
			items.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json.accepted).toBe(index !== badItem);
			});
			expectInputMessage(items[badItem].json.reason, testCase);
			expect(sim.counters().accountInfo).toBe(1);
		}
		expect(apiRequests()).toEqual([]);
		expect(sim.counters()).toMatchObject({ tasksCreated: 0, polls: 0, cancels: 0 });
	});
});

describe('empty required fields typed into the node', () => {
	// n8n itself refuses to start a workflow whose node has an empty required parameter, so the node never runs
	// (which is why the catalog's empty values arrive through expressions, as they do in real workflows).
	// n8n 2.x's refusal names the parameter; n8n 1.x refuses with a generic message (its editor marks the field).
	const refusal = (displayName: string) =>
		N8N_MAJOR >= 2 ? `Parameter "${displayName}" is required` : 'The workflow has issues and cannot be executed';
	it.each([
		['Target Image URL', { targetImageUrl: '' }],
		['Swap Image Base64', { swapImageSource: 'base64', swapImageBase64: '' }],
		['Target Image Binary Field', { targetImageSource: 'binary', targetImageBinaryProperty: '' }],
	])('%s: n8n stops the workflow before the node runs', async (displayName, parameters) => {
		const testCase: BadInputCase = {
			id: 'typed-empty',
			shows: 'an empty required field',
			operation: 'swapFaces',
			parameters,
			field: displayName,
			problem: /^$/,
		};
		await expect(run(testCase)).rejects.toThrow(refusal(displayName));
		expect(apiRequests()).toEqual([]);
	});

	it('Task ID: n8n stops the workflow before the node runs', async () => {
		const testCase: BadInputCase = {
			id: 'typed-empty-task-id',
			shows: 'an empty Task ID',
			operation: 'cancelTask',
			parameters: { taskId: '' },
			field: 'Task ID',
			problem: /^$/,
		};
		await expect(run(testCase)).rejects.toThrow(refusal('Task ID'));
		expect(apiRequests()).toEqual([]);
	});
});
