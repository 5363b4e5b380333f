// BENCHMARKS.md holds only what its run computed: rendered from two made-up result sets that share no value, every
// number in one report must differ from the number in the same place of the other (a figure typed into the text
// would be the same in both). Targets (and an HTTP status) are the only numbers that stay.
import { render } from '../../bench/report';
import { BATCH_TARGETS } from '../../bench/report-batch';
import { BATCH_TARGET as CALLBACK_BATCH_TARGET, LATENCY_TARGET_MS } from '../../bench/report-callback';
import { MEMORY_TARGET_BYTES } from '../../bench/report-memory';
import { BATCH_TARGET as WAITING_BATCH_TARGET, LATENCY_TARGET_MS as WAITING_LATENCY_TARGET_MS } from '../../bench/report-waiting';
import { keepOwnedSections } from '../../bench/sections';
import { fakeResults } from './fake-results';

// A number not glued to a word (so not "p95", "n8n", "base64", "2xx") and not a section heading's.
const NUMBER = /(?<![\w.])\d+(?:\.\d+)?(?![\w])/g;
const HEADING = /^## \d+\./;

// Targets, and HTTP's status for "too many requests".
const CONSTANTS = new Set([
	'429',
	...Object.values(BATCH_TARGETS).map(String),
	String(CALLBACK_BATCH_TARGET),
	(LATENCY_TARGET_MS / 1000).toFixed(2),
	(MEMORY_TARGET_BYTES / 1024 / 1024).toFixed(1),
	String(WAITING_BATCH_TARGET),
	String(WAITING_LATENCY_TARGET_MS),
	(WAITING_LATENCY_TARGET_MS / 1000).toFixed(2),
]);

interface Line {
	skeleton: string;
	numbers: string[];
	text: string;
}

const linesOf = (text: string): Line[] =>
	text.split('\n').map((line) => {
		const scanned = line.replace(HEADING, '##');
		return { skeleton: scanned.replace(NUMBER, '#'), numbers: scanned.match(NUMBER) ?? [], text: line };
	});

/** Numbers equal in both reports at the same place of lines that read the same apart from their numbers. */
function sameNumbers(a: string, b: string): string[] {
	const [linesA, linesB] = [linesOf(a), linesOf(b)];
	const same: string[] = [];
	let from = 0;
	for (const line of linesA) {
		// Extra rows (one more seed, run or miss in one report) are skipped: lines pair up in order.
		const at = linesB.findIndex((other, index) => index >= from && other.skeleton === line.skeleton);
		if (at === -1) continue;
		from = at + 1;
		line.numbers.forEach((number, index) => {
			if (number === linesB[at].numbers[index] && !CONSTANTS.has(number)) same.push(`${number} in: ${line.text.slice(0, 160)}`);
		});
	}
	return same;
}

describe('BENCHMARKS.md report', () => {
	const [a, b] = [render(fakeResults(0)), render(fakeResults(1))];

	it('has no number that two runs with different results share, targets aside', () => {
		expect(sameNumbers(a, b)).toEqual([]);
	});

	it('compares most of its lines (the two reports line up)', () => {
		const numbered = linesOf(a).filter((line) => line.numbers.length > 0);
		const paired = numbered.filter((line) => linesOf(b).some((other) => other.skeleton === line.skeleton));
		expect(paired.length).toBeGreaterThan(numbered.length * 0.8);
	});

	it('catches a figure typed into the text', () => {
		const typed = (report: string) => report.replace('## Reading the results', '## Reading the results\n\nThe tail is about 0.6 s.');
		expect(sameNumbers(typed(a), typed(b))).toEqual(['0.6 in: The tail is about 0.6 s.']);
	});

	it('writes every missed target as a miss, with the per-seed verdicts computed', () => {
		expect(a).toContain('## Targets missed in this run');
		expect(a).not.toContain('None: every target above was met.');
		expect(a).toMatch(/met in \*\*0 of 3\*\*/);
		expect(b).toMatch(/met in \*\*1 of 4\*\*/);
	});
});

describe('the sections of BENCHMARKS.md that other commands write (queue mode)', () => {
	const section = '<!-- queue-mode:start -->\n## Queue mode\n\n| 12.3 s |\n<!-- queue-mode:end -->\n';
	const fresh = '# Benchmarks\n\n## 1. Batch\n\n## Reading the results\n\ntext\n';

	it('are kept as they were, before the notes, when the new text has none', () => {
		const kept = keepOwnedSections(`# old\n\n${section}\n## Reading the results\nold\n`, fresh);
		expect(kept).toBe(`# Benchmarks\n\n## 1. Batch\n\n${section}\n## Reading the results\n\ntext\n`);
	});

	it('replace a section of the same name in the new text, and add nothing when there was none', () => {
		const next = `${fresh}\n<!-- queue-mode:start -->\nplaceholder\n<!-- queue-mode:end -->\n`;
		expect(keepOwnedSections(section, next)).toBe(`${fresh}\n${section}`);
		expect(keepOwnedSections('# old, without it\n', fresh)).toBe(fresh);
	});
});
