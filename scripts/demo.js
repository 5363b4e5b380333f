// @ts-check
// The main job: runs examples/01-swap-two-urls.json in n8n's real engine and writes the result image to out/.
// By default against the local PiAPI simulator (no key, nothing billed). With PIAPI_API_KEY, PIAPI_TARGET_URL and
// PIAPI_SWAP_URL set, against the real PiAPI (one billed task); PIAPI_BASE_URL overrides https://api.piapi.ai.
const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const EXAMPLE = join(ROOT, 'examples', '01-swap-two-urls.json');
const OUT_DIR = join(ROOT, 'out');
const EXAMPLE_SIMULATOR_URL = 'http://127.0.0.1:8787';

// n8n writes its settings under N8N_USER_FOLDER: keep them out of the user's home.
const userFolder = mkdtempSync(join(tmpdir(), 'piapi-demo-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_LOG_LEVEL ??= 'silent';

async function main() {
	const { runWorkflowJson, readBinary, shutdown, SWAP_NODE_TYPE } = require('../test/harness');
	const workflow = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
	const swapNode = workflow.nodes.find((/** @type {{ type: string }} */ node) => node.type === SWAP_NODE_TYPE);

	const real = realPiapiSettings();
	const sim = real ? undefined : await require('../simulator').startSimulator({ port: 0 });
	try {
		if (real) {
			swapNode.parameters.targetImageUrl = real.targetUrl;
			swapNode.parameters.swapImageUrl = real.swapUrl;
		} else if (sim) {
			for (const field of ['targetImageUrl', 'swapImageUrl']) {
				swapNode.parameters[field] = String(swapNode.parameters[field]).replace(EXAMPLE_SIMULATOR_URL, sim.url);
			}
		}
		const credentials = real ?? { apiKey: String(sim?.apiKey), baseUrl: String(sim?.url), uploadUrl: String(sim?.url) };
		console.log(`Running "${workflow.name}" against ${real ? credentials.baseUrl : `the PiAPI simulator at ${sim?.url}`}`);

		const started = Date.now();
		const result = await runWorkflowJson(workflow, { credentials: { piApi: credentials } });
		const items = result.items[swapNode.name] ?? [];
		if (result.error || items.length === 0) {
			throw new Error(`The workflow failed: ${result.error?.message ?? 'no output'}${result.error?.description ? ` (${result.error.description})` : ''}`);
		}

		mkdirSync(OUT_DIR, { recursive: true });
		for (const item of items) {
			console.log(JSON.stringify(item.json, null, 2));
			const binary = item.binary?.data;
			if (!binary) continue;
			const file = join(OUT_DIR, binary.fileName ?? `${item.json.taskId}.${binary.fileExtension ?? 'img'}`);
			writeFileSync(file, await readBinary(item, 'data'));
			console.log(`Result image (${binary.mimeType}) written to ${file}`);
		}
		console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s${sim ? '. The simulator marks its images SIMULATED: it swaps no faces.' : ''}`);
		await shutdown();
	} finally {
		await sim?.stop();
		rmSync(userFolder, { recursive: true, force: true });
	}
}

/** The real PiAPI when the user gave a key; then both image URLs are needed too. */
function realPiapiSettings() {
	const apiKey = process.env.PIAPI_API_KEY?.trim();
	if (!apiKey) return undefined;
	const targetUrl = process.env.PIAPI_TARGET_URL?.trim();
	const swapUrl = process.env.PIAPI_SWAP_URL?.trim();
	if (!targetUrl || !swapUrl) {
		throw new Error('With PIAPI_API_KEY set, also set PIAPI_TARGET_URL and PIAPI_SWAP_URL (public image URLs ending in .jpg, .jpeg, .png or .webp)');
	}
	return { apiKey, baseUrl: process.env.PIAPI_BASE_URL?.trim() || 'https://api.piapi.ai', targetUrl, swapUrl };
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
