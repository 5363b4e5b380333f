// @ts-check
// A stand-in for OpenAI's Chat Completions API on loopback, for n8n's OpenAI Chat Model node (its credential's Base URL
// points here): no network, no key. It plays a model whose answers are scripted, and records every request, so the
// e2e can check what n8n showed the model (the tools, their descriptions and parameters) and what each tool answered.
//
// The script follows from the conversation, so a request needs no state here:
// - the script is named by a marker `#script:<name>` in the first user message; without one it is 'swap';
// - the turn is the number of tool answers (role 'tool') in the conversation so far.
// Scripts (one tool call per turn, then a final answer that quotes what the tools said):
//   'swap':      calls the tool once with the two image URLs of the prompt (the first is the face to use, the second
//                the picture to change), then answers with the result's imageUrl;
//   'bad-input': calls it with a target image URL PiAPI would refuse (no image file ending), then with a face index
//                that is not one ("first"), then answers with both errors;
//   'loop':      calls it six times with the prompt's URLs, as a model stuck in a loop, then answers.
// Streaming requests (`stream: true`) get the same answer as server-sent chunks.
const http = require('node:http');

/** The $fromAI keys of examples/09, which the scripts fill (a request whose tool lacks one gets a 400). */
const ARGUMENT_KEYS = ['swapImageUrl', 'targetImageUrl', 'swapFacesIndex', 'targetFacesIndex'];
const LOOP_CALLS = 6;

/**
 * @typedef {object} ChatMessage
 * @property {string} role
 * @property {unknown} [content]
 * @property {string} [tool_call_id]
 * @property {unknown[]} [tool_calls]
 */
/**
 * @typedef {object} ToolSpec what the model is shown of a tool
 * @property {string} name
 * @property {string} description
 * @property {{ type?: string, properties?: Record<string, { type?: string, description?: string }>, required?: string[] }} parameters
 */
/**
 * @typedef {object} RecordedRequest
 * @property {string} script
 * @property {ChatMessage[]} messages
 * @property {ToolSpec[]} tools
 * @property {{ toolCall?: { name: string, arguments: Record<string, string> }, text?: string }} answer
 */

/** @param {unknown} content */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content.map((part) => (part && typeof part === 'object' && 'text' in part ? String(part.text) : '')).join('');
	}
	return '';
}

/**
 * The next answer of a script.
 * @param {string} script @param {ChatMessage[]} messages @param {ToolSpec} tool
 * @returns {RecordedRequest['answer']}
 */
function scriptedAnswer(script, messages, tool) {
	const prompt = textOf(messages.find((message) => message.role === 'user')?.content);
	const toolAnswers = messages.filter((message) => message.role === 'tool').map((message) => textOf(message.content));
	const turn = toolAnswers.length;
	const [swapImageUrl = '', targetImageUrl = ''] = prompt.match(/https?:\/\/[^\s"')]+\.(?:png|jpe?g|webp)/gi) ?? [];
	const good = { swapImageUrl, targetImageUrl, swapFacesIndex: '0', targetFacesIndex: '0' };
	const call = (/** @type {Record<string, string>} */ args) => ({ toolCall: { name: tool.name, arguments: args } });
	if (script === 'swap') {
		if (turn === 0) return call(good);
		const imageUrl = /"imageUrl"\s*:\s*"([^"]+)"/.exec(toolAnswers[0])?.[1];
		return { text: imageUrl ? `Here is the swapped image: ${imageUrl}` : `The swap did not work: ${toolAnswers[0]}` };
	}
	if (script === 'bad-input') {
		if (turn === 0) return call({ ...good, targetImageUrl: targetImageUrl.replace(/\.(png|jpe?g|webp)$/i, '') });
		if (turn === 1) return call({ ...good, swapFacesIndex: 'first' });
		return { text: `The tool refused both calls. First: ${toolAnswers[0]} Second: ${toolAnswers[1]}` };
	}
	if (script === 'loop') {
		if (turn < LOOP_CALLS) return call(good);
		return { text: `I called the tool ${turn} times. Last answer: ${toolAnswers[turn - 1]}` };
	}
	return { text: `stand-in: unknown script "${script}"` };
}

/** @param {unknown} body @returns {ToolSpec[]} */
function toolsOf(body) {
	const tools = body && typeof body === 'object' && 'tools' in body && Array.isArray(body.tools) ? body.tools : [];
	return tools.map((tool) => {
		const fn = tool?.function ?? {};
		return { name: String(fn.name ?? ''), description: String(fn.description ?? ''), parameters: fn.parameters ?? {} };
	});
}

/**
 * @param {RecordedRequest['answer']} answer @param {string} model @param {number} sequence
 */
function completion(answer, model, sequence) {
	const message = answer.toolCall
		? {
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						id: `call_standin_${sequence}`,
						type: 'function',
						function: { name: answer.toolCall.name, arguments: JSON.stringify(answer.toolCall.arguments) },
					},
				],
			}
		: { role: 'assistant', content: answer.text ?? '' };
	return {
		id: `chatcmpl-standin-${sequence}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: answer.toolCall ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}

/** The same answer as the chunks of a streamed completion. @param {ReturnType<typeof completion>} full */
function streamChunks(full) {
	const { message, finish_reason } = full.choices[0];
	const base = { id: full.id, object: 'chat.completion.chunk', created: full.created, model: full.model };
	const delta = message.tool_calls
		? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((toolCall, index) => ({ index, ...toolCall })) }
		: { role: 'assistant', content: message.content };
	return [
		{ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] },
		{ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason }], usage: full.usage },
	];
}

/**
 * @returns {Promise<{ url: string, apiKey: string, requests: RecordedRequest[], stop: () => Promise<void> }>}
 *   url: the Base URL for n8n's OpenAI credential (ends in /v1)
 */
async function startModelStandIn() {
	/** @type {RecordedRequest[]} */
	const requests = [];
	const apiKey = 'sk-stand-in-e2e';
	const server = http.createServer((req, res) => {
		const chunks = /** @type {Buffer[]} */ ([]);
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const send = (/** @type {number} */ status, /** @type {unknown} */ body) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (req.method !== 'POST' || !/\/v1\/chat\/completions$/.test(req.url ?? '')) {
				send(404, { error: { message: `stand-in model: no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
				return;
			}
			if (req.headers.authorization !== `Bearer ${apiKey}`) {
				send(401, { error: { message: 'stand-in model: wrong API key', type: 'invalid_request_error' } });
				return;
			}
			/** @type {any} */
			let body;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				send(400, { error: { message: 'stand-in model: body is not JSON', type: 'invalid_request_error' } });
				return;
			}
			const messages = /** @type {ChatMessage[]} */ (Array.isArray(body.messages) ? body.messages : []);
			const tools = toolsOf(body);
			const firstUser = textOf(messages.find((message) => message.role === 'user')?.content);
			const script = /#script:([\w-]+)/.exec(firstUser)?.[1] ?? 'swap';
			const tool = tools[0];
			const missing = ARGUMENT_KEYS.filter((key) => !tool?.parameters?.properties?.[key]);
			/** @type {RecordedRequest['answer']} */
			const answer =
				!tool || missing.length > 0
					? { text: `stand-in: the tool lacks the parameters ${missing.join(', ') || '(no tool at all)'}` }
					: scriptedAnswer(script, messages, tool);
			requests.push({ script, messages, tools, answer });
			const full = completion(answer, String(body.model ?? 'stand-in'), requests.length);
			if (!body.stream) {
				send(200, full);
				return;
			}
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			for (const chunk of streamChunks(full)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
			res.end('data: [DONE]\n\n');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		apiKey,
		requests,
		stop: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

module.exports = { ARGUMENT_KEYS, LOOP_CALLS, startModelStandIn };
