// @ts-check
// Writes the bad-input catalog's table for RELIABILITY.md from a run: the messages users see, as the node gave them.
// Only when BAD_INPUT_TABLE names a file (BAD_INPUT_TABLE=/tmp/catalog.md npx jest … bad-input); otherwise nothing.
const fs = require('node:fs');

/** @param {Array<{ id: string, shows: string, field: string, message: string }>} rows */
function writeCatalogTable(rows) {
	const file = process.env.BAD_INPUT_TABLE;
	if (!file) return;
	const cell = (/** @type {string} */ text) => text.replace(/\|/g, '\\|');
	const lines = [
		`### Catalog (${rows.length} cases)`,
		'',
		'| # | Case | Field | Message the user sees |',
		'|---|---|---|---|',
		...rows.map((row, index) => `| ${index + 1} | \`${row.id}\`: ${cell(row.shows)} | ${row.field} | ${cell(row.message)} |`),
	];
	fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

module.exports = { writeCatalogTable };
