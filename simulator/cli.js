// @ts-check
// `npm run simulator [-- --port 8787 --processing-ms 1500 --concurrency 4]`: runs the PiAPI simulator until Ctrl-C.

const { startSimulator } = require('./index');

const USAGE = `usage: npm run simulator -- [--port N] [--processing-ms N] [--pending-ms N] [--concurrency N] [--status-case lower|capitalized]
  (the port can also come from PIAPI_SIM_PORT; default 8787)`;

const KNOWN_FLAGS = ['port', 'processing-ms', 'pending-ms', 'concurrency', 'status-case'];

/**
 * @param {string[]} args
 * @returns {import('./types').SimulatorOptions}
 */
function parseArgs(args) {
	/** @type {Record<string, string>} */
	const flags = {};
	for (let i = 0; i < args.length; i++) {
		const [name, inline] = args[i].split('=', 2);
		if (name === '--help' || name === '-h') throw new Error(USAGE);
		if (!name.startsWith('--')) throw new Error(`unexpected argument ${name}\n${USAGE}`);
		flags[name.slice(2)] = inline ?? args[++i] ?? '';
	}
	const unknown = Object.keys(flags).find((flag) => !KNOWN_FLAGS.includes(flag));
	if (unknown) throw new Error(`unknown option --${unknown}\n${USAGE}`);
	const number = (/** @type {string} */ name) => (flags[name] === undefined ? undefined : Number(flags[name]));
	return {
		port: Number(flags.port ?? process.env.PIAPI_SIM_PORT ?? 8787),
		processingMs: number('processing-ms'),
		pendingMs: number('pending-ms'),
		concurrency: number('concurrency'),
		statusCase: /** @type {import('./types').StatusCase|undefined} */ (flags['status-case']),
	};
}

async function main() {
	const simulator = await startSimulator(parseArgs(process.argv.slice(2)));
	const lines = [
		`PiAPI simulator listening on ${simulator.url}  (127.0.0.1 only; no real face swap, results are stamped SIMULATED)`,
		`API key (X-API-Key): ${simulator.apiKey}`,
		'Samples:',
		...['target.png', 'target.jpg', 'swap.png', 'swap.webp', 'group.jpg', 'noface.png', 'target.mp4'].map(
			(name) => `  ${simulator.sampleUrl(name)}`,
		),
		`Control: GET ${simulator.url}/__simulator/state, POST ${simulator.url}/__simulator/config, POST ${simulator.url}/__simulator/faults`,
		'Press Ctrl-C to stop.',
	];
	console.log(lines.join('\n'));
	const shutdown = () => {
		simulator.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

main().catch((/** @type {unknown} */ error) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
