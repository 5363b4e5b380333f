// @ts-check
// Public files: results (PiAPI serves them from a public CDN, so no API key) and the built-in samples.
// Also the account info route, PiAPI's free credential check.

const { sendJson, sendNotFound, streamBytes } = require('./http-util');
const { servedResult } = require('./result-body');
const { paddedChunks } = require('./mp4-padding');

/** @typedef {import('./types').Route} Route */
/** @typedef {import('./types').RequestContext} RequestContext */
/** @typedef {import('./types').SimContext} SimContext */

/**
 * @param {SimContext} sim
 * @returns {Route[]}
 */
function fileRoutes(sim) {
	/** @param {RequestContext} context */
	async function result({ req, res, params, apiKey }) {
		const [id, ext] = params;
		const task = sim.tasks.find(id);
		if (!task || task.status !== 'completed' || !task.resultBytes || task.resultExt !== ext) return sendNotFound(res);
		const isGet = req.method === 'GET';
		if (isGet) sim.counters.count('resultDownloads', apiKey);
		const config = sim.getConfig();
		const { bytes, size, contentType } = servedResult(task, config);
		const sent = await streamBytes(res, paddedChunks(bytes, size), size, contentType, {
			chunked: config.chunkedResults,
		});
		if (!isGet) return;
		// Counted once the sending ended, which may be after the client has read the last byte.
		sim.counters.countGlobal('resultBytesSent', sent);
		if (sent < size) sim.counters.countGlobal('resultDownloadsCutOff');
	}

	/** @param {RequestContext} context */
	function sample({ res, params }) {
		const found = sim.samples.get(params[0]);
		if (!found) return sendNotFound(res);
		void streamBytes(res, paddedChunks(found.bytes, found.size), found.size, found.mimeType, { chunked: false });
	}

	/** @param {RequestContext} context */
	function accountInfo({ res, apiKey }) {
		sim.counters.count('accountInfo', apiKey);
		const { accountPlan: plan, accountUsd, accountCredits: credits } = sim.getConfig();
		sendJson(res, 200, {
			code: 200,
			data: {
				account_name: 'simulator',
				account_id: 'sim-0001',
				plan,
				credits,
				// Settings, not derived from each other: PiAPI publishes no rate between credits and dollars.
				...(accountUsd === null ? {} : { equivalent_in_usd: accountUsd }),
				credit_pack_info: { available_credits: credits },
			},
			message: 'success',
		});
	}

	return [
		{ methods: ['GET'], pattern: /^\/results\/([0-9a-f-]+)\.(png|jpg|webp|mp4)$/, fault: 'result', handle: result },
		{ methods: ['GET'], pattern: /^\/samples\/([^/]+)$/, handle: sample },
		// The same sample under a folder of the caller's choosing: each item of a soak sends image URLs of its own.
		{ methods: ['GET'], pattern: /^\/samples\/[\w-]+\/([^/]+)$/, handle: sample },
		{ methods: ['GET'], pattern: /^\/account\/info\/?$/, fault: 'account', auth: true, handle: accountInfo },
	];
}

module.exports = { fileRoutes };
