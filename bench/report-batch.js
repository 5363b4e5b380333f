// @ts-check
// The batch section of BENCHMARKS.md: the batch, every runner on the same denominator (the ideal schedule of that run's
// tasks), per staging rule; its target and its misses.
const { fixed, mean, no, seconds, sum, table, yes } = require('./stats');

/** @typedef {import('./report').ReportInput} ReportInput */
/** @typedef {import('./scenarios').NodeBatchRun} NodeBatchRun */
/** @typedef {import('./jobs').BatchResult} BatchResult */
/** @typedef {import('./sim-facts').SimFacts} SimFacts */

/**
 * Wall ÷ FIFO order of the node with its defaults, every seed, per staging rule: the FIFO schedule is the best a runner
 * can do without knowing task times in advance, and where PiAPI refuses creations over its limit (429) a freed slot
 * stays idle until the node has seen a task end.
 */
const BATCH_TARGETS = { unlimited: 1.03, none: 1.05 };

/** @param {string} staging */
const targetOf = (staging) => BATCH_TARGETS[/** @type {keyof typeof BATCH_TARGETS} */ (staging)] ?? BATCH_TARGETS.none;

/** @param {{ wallMs: number, facts: SimFacts }} run */
const overIdeal = (run) => run.wallMs / run.facts.idealMs;

/** @param {{ wallMs: number, facts: SimFacts }} run */
const overFifo = (run) => run.wallMs / run.facts.fifoMs;

/** @param {NodeBatchRun} run */
const batchMet = (run) => overFifo(run) <= targetOf(run.staging) && run.failed === 0 && run.duplicates === 0;

/** @param {ReportInput} input @param {string} key */
function variantLabel(input, key) {
	const variant = input.settings.batch.nodeVariants.find((each) => each.key === key);
	const tasks = variant?.options.maxConcurrentTasks;
	if (tasks === undefined) return `this node, defaults (Max Concurrent Tasks ${input.nodeDefaults.maxConcurrentTasks})`;
	return `this node, Max Concurrent Tasks ${tasks}${tasks === input.settings.batch.concurrency ? ' (= the limit)' : ''}`;
}

/** @param {ReportInput} input @param {string} key */
function stagingLabel(input, key) {
	const limit = input.settings.batch.stagingModes.find((mode) => mode.key === key)?.stagingLimit;
	if (limit === null || limit === undefined) return 'unlimited staging';
	return limit === 0 ? 'no staging (a creation over the limit gets 429)' : `at most ${limit} staged (more get 429)`;
}

/** @param {ReportInput} input @param {string} strategy @param {string} staging @param {number} seed */
const refJob = (input, strategy, staging, seed) => input.references[`batch:${strategy}:${staging}:${seed}`];

/** `wall (÷ ideal)` @param {{ wallMs: number, facts: SimFacts } | undefined} run @param {boolean} [bold] */
function wallCell(run, bold = false) {
	if (!run) return '–';
	const wall = `${seconds(run.wallMs, 1)} s`;
	return `${bold ? `**${wall}**` : wall} (${fixed(overIdeal(run), 3)})`;
}

/** @param {ReportInput} input @param {NodeBatchRun[]} nodeBatch */
function batchSection(input, nodeBatch) {
	const { batch } = input.settings;
	const strategies = Object.keys(input.referenceLabels);
	const parts = [
		`## 1. Batch: ${batch.items} items, task ${seconds(batch.taskMs, 1)} s ±${fixed(batch.jitter * 100, 0)} %, account limit ${batch.concurrency}`,
		'',
		`Seeds ${batch.seeds.join(', ')}; each runner against its own simulator with the same settings and seed, so every runner gets the same task times. *Ideal*: the shortest schedule the simulated account allows for that run's very tasks: ${batch.concurrency} slots, each task holding one for its pending + processing time, max(longest task, sum of the tasks' times ÷ ${batch.concurrency}) (the list-scheduling lower bound). *FIFO order*: the same tasks started in creation order, each into the first slot that frees, no slot ever idle: what the account's first-come-first-served staging gives a runner that wastes no time; FIFO ÷ ideal is the part no runner can remove without knowing task times in advance. *Wall*: engine asked to run → engine returned (for the references: first request → last result known). Target: this node with its defaults, wall ≤ ${BATCH_TARGETS.unlimited} × FIFO order in every seed where PiAPI stages tasks over the limit and ≤ ${BATCH_TARGETS.none} × FIFO order where it refuses them (429), no failed item, no extra task. The makespan (first creation → last task end) is a secondary column.`,
		'',
	];
	for (const { key: staging } of batch.stagingModes) {
		const runsOf = nodeBatch.filter((run) => run.staging === staging);
		if (!runsOf.length) continue;
		/** @param {number} seed @param {string} variant */
		const nodeRun = (seed, variant) => runsOf.find((run) => run.seed === seed && run.variant === variant);
		const rows = batch.seeds.map((seed) => {
			const first = nodeRun(seed, batch.nodeVariants[0].key);
			return [
				seed,
				first ? `${seconds(first.facts.idealMs)} s` : '–',
				first ? fixed(first.facts.fifoMs / first.facts.idealMs, 3) : '–',
				...batch.nodeVariants.map((variant, index) => wallCell(nodeRun(seed, variant.key), index === 0)),
				...strategies.map((key) => {
					const job = refJob(input, key, staging, seed);
					if (!job?.result) return job?.error ? 'error' : '–';
					const failed = /** @type {BatchResult} */ (job.result).failed;
					return `${wallCell(job.result)}${failed ? `, ${failed} failed` : ''}`;
				}),
				first ? fixed(overFifo(first), 3) : '–',
				first ? (batchMet(first) ? yes : no) : '–',
			];
		});
		parts.push(
			`**${stagingLabel(input, staging)}**: wall (÷ ideal)`,
			'',
			table(
				['seed', 'ideal', 'FIFO order ÷ ideal', ...batch.nodeVariants.map((variant) => variantLabel(input, variant.key)), ...strategies.map((key) => input.referenceLabels[key]), 'defaults: wall ÷ FIFO', `target (defaults ≤ ${targetOf(staging)} × FIFO)`],
				rows,
			),
			'',
		);
	}
	parts.push('This node, per run:', '', detailTable(input, nodeBatch), '', 'References, over the seeds:', '', referenceTable(input), '');
	return parts.join('\n');
}

/** @param {ReportInput} input @param {NodeBatchRun[]} nodeBatch */
function detailTable(input, nodeBatch) {
	const rows = nodeBatch.map((run) => [
		stagingLabel(input, run.staging),
		variantLabel(input, run.variant),
		run.seed,
		`${seconds(run.wallMs)} s`,
		`${seconds(run.facts.idealMs)} s`,
		fixed(overIdeal(run), 3),
		fixed(run.facts.fifoMs / run.facts.idealMs, 3),
		fixed(run.wallMs / run.facts.fifoMs, 3),
		fixed(run.wallMs / run.facts.makespanMs, 3),
		`${seconds(run.startDelayMs)} s`,
		`${seconds(run.tailMs)} s`,
		run.failed,
		run.duplicates,
		run.facts.creationsRefused,
		fixed(run.facts.polls / Math.max(1, run.facts.tasks), 1),
		run.facts.pollsAfterFinal,
	]);
	return table(
		['staging', 'variant', 'seed', 'wall', 'ideal', 'wall ÷ ideal', 'FIFO ÷ ideal', 'wall ÷ FIFO', 'wall ÷ makespan', 'start → 1st creation', 'last task end → node done', 'failed', 'extra tasks', 'creations refused (429)', 'polls / task', 'polls after final'],
		rows,
	);
}

/** @param {ReportInput} input */
function referenceTable(input) {
	const { batch } = input.settings;
	const rows = [];
	for (const { key: staging } of batch.stagingModes) {
		for (const key of Object.keys(input.referenceLabels)) {
			const results = batch.seeds.map((seed) => refJob(input, key, staging, seed)?.result).filter((result) => result !== undefined);
			if (!results.length) continue;
			rows.push([
				stagingLabel(input, staging),
				input.referenceLabels[key],
				results.length,
				`${seconds(mean(results.map((result) => result.wallMs)), 1)} s`,
				fixed(mean(results.map(overIdeal)), 3),
				fixed(mean(results.map((result) => result.wallMs / result.facts.makespanMs)), 3),
				sum(results.map((result) => result.failed)),
				sum(results.map((result) => result.duplicates)),
				sum(results.map((result) => result.facts.creationsRefused)),
				fixed(mean(results.map((result) => result.facts.polls / Math.max(1, result.facts.tasks))), 1),
			]);
		}
	}
	return table(['staging', 'reference', 'seeds', 'mean wall', 'mean wall ÷ ideal', 'mean wall ÷ makespan', 'failed (all seeds)', 'extra tasks', 'creations refused (429)', 'polls / task'], rows);
}

/** Each missed batch target, with what the miss is made of. @param {ReportInput} input @param {NodeBatchRun[]} nodeBatch */
function batchMisses(input, nodeBatch) {
	const misses = [];
	for (const run of nodeBatch) {
		const where = `Batch, ${stagingLabel(input, run.staging)}, ${variantLabel(input, run.variant)}, seed ${run.seed}`;
		if (run.variant === input.settings.batch.nodeVariants[0].key && overFifo(run) > targetOf(run.staging)) {
			const { facts } = run;
			misses.push(
				`${where}: wall ${seconds(run.wallMs)} s = ${fixed(overFifo(run), 3)} × FIFO order (target ≤ ${targetOf(run.staging)}), ${fixed(overIdeal(run), 3)} × ideal. Over the ideal ${seconds(facts.idealMs)} s: ${seconds(facts.fifoMs - facts.idealMs)} s from the order in which the account starts tasks (FIFO order = ${fixed(facts.fifoMs / facts.idealMs, 3)} × ideal), ${seconds(facts.makespanMs - facts.fifoMs)} s of slots idle or waiting between the first creation and the last task's end (makespan − FIFO), ${seconds(run.startDelayMs)} s from the engine's start to the first creation, ${seconds(run.tailMs)} s from the last task's end to the node's end; ${facts.creationsRefused} creations refused with 429.`,
			);
		}
		if (run.failed || run.duplicates) misses.push(`${where}: ${run.failed} failed items, ${run.duplicates} extra tasks${run.error ? ` (${run.error})` : ''}.`);
	}
	return misses;
}

module.exports = { batchSection, batchMisses, variantLabel, BATCH_TARGETS };
