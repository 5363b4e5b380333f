// @ts-check
// Sections of a generated report that another command owns (between `<!-- name:start -->` and `<!-- name:end -->`):
// the queue-mode e2e's in BENCHMARKS.md and RELIABILITY.md. Whoever regenerates the rest of the file keeps them as
// they are.

/** @param {string} name @returns {RegExp} the section, its end line's newline included */
const sectionPattern = (name) => new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->\\n?`);

/** The sections other commands write into BENCHMARKS.md. */
const OWNED_SECTIONS = ['queue-mode'];

/**
 * `text` with the section put in place: where the text has one of that name, else before the notes
 * ("## Reading the results"), else at the end.
 * @param {string} text @param {string} name @param {string} section markers included
 */
function placeSection(text, name, section) {
	const body = section.endsWith('\n') ? section : `${section}\n`;
	const pattern = sectionPattern(name);
	if (pattern.test(text)) return text.replace(pattern, () => body);
	const notesAt = text.indexOf('\n## Reading the results');
	return notesAt === -1 ? `${text.trimEnd()}\n\n${body}` : `${text.slice(0, notesAt + 1)}${body}\n${text.slice(notesAt + 1)}`;
}

/**
 * The newly rendered text with every owned section of the previous file kept as it was.
 * @param {string} previous the file's current text ('' when there is none) @param {string} next the new text
 */
function keepOwnedSections(previous, next) {
	return OWNED_SECTIONS.reduce((text, name) => {
		const kept = sectionPattern(name).exec(previous)?.[0];
		return kept ? placeSection(text, name, kept) : text;
	}, next);
}

module.exports = { placeSection, keepOwnedSections, sectionPattern };
