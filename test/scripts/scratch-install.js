// @ts-check
// A scratch "checkout" for the platform check's tests: one program in node_modules/.bin and a lock file (test .ts
// files may not import node built-ins under n8n's lint).
const { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

/**
 * @param {Buffer} program the bytes of node_modules/.bin/tool
 * @param {Record<string, object>} [lockPackages] entries of package-lock.json's `packages`
 * @returns {{ checkout: string, program: string, remove: () => void }}
 */
function scratchInstall(program, lockPackages = {}) {
	const checkout = mkdtempSync(path.join(tmpdir(), 'piapi-platform-'));
	const file = path.join(checkout, 'node_modules', 'tool', 'bin', 'tool');
	mkdirSync(path.dirname(file), { recursive: true });
	mkdirSync(path.join(checkout, 'node_modules', '.bin'));
	writeFileSync(file, program);
	symlinkSync(file, path.join(checkout, 'node_modules', '.bin', 'tool'));
	writeFileSync(path.join(checkout, 'package-lock.json'), JSON.stringify({ packages: { '': {}, ...lockPackages } }));
	return { checkout, program: file, remove: () => rmSync(checkout, { recursive: true, force: true }) };
}

module.exports = { scratchInstall };
