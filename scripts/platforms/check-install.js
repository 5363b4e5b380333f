// @ts-check
// Checks an install made for another platform (`npm ci --os=<os> --cpu=<cpu>`): no program in node_modules/.bin is a
// native binary for any other platform, and the lock file requires no package that only installs on some platforms
// (such a package belongs in optionalDependencies, or out).
//
//   node scripts/platforms/check-install.js <checkout> <os> <cpu>
const { readFileSync, readdirSync, realpathSync, openSync, readSync, closeSync } = require('node:fs');
const path = require('node:path');

/**
 * ELF e_machine, Mach-O cputype and PE machine values of the CPUs we name.
 * @type {Record<'elf' | 'macho' | 'pe', Record<number, string>>}
 */
const ARCH = {
	elf: { 0x3e: 'x64', 0xb7: 'arm64' },
	macho: { 0x01000007: 'x64', 0x0100000c: 'arm64' },
	pe: { 0x8664: 'x64', 0xaa64: 'arm64' },
};
/** @type {Record<string, string>} */
const FORMAT_OF_OS = { linux: 'elf', darwin: 'macho', win32: 'pe' };

/** @param {string} file @returns {{ format: 'elf' | 'macho' | 'pe', arch: string } | undefined} */
function nativeBinary(file) {
	const head = Buffer.alloc(512);
	const fd = openSync(file, 'r');
	const length = readSync(fd, head, 0, head.length, 0);
	closeSync(fd);
	if (length >= 20 && head.readUInt32BE(0) === 0x7f454c46) {
		const machine = head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
		return { format: 'elf', arch: ARCH.elf[machine] ?? `e_machine ${machine}` };
	}
	if (length >= 8 && [0xfeedfacf, 0xfeedface].includes(head.readUInt32LE(0))) {
		const cpu = head.readUInt32LE(4);
		return { format: 'macho', arch: ARCH.macho[cpu] ?? `cputype ${cpu}` };
	}
	if (length >= 64 && head.toString('latin1', 0, 2) === 'MZ') {
		const pe = head.readUInt32LE(60);
		if (pe + 6 <= length && head.toString('latin1', pe, pe + 4) === 'PE\0\0') {
			const machine = head.readUInt16LE(pe + 4);
			return { format: 'pe', arch: ARCH.pe[machine] ?? `machine ${machine}` };
		}
	}
	return undefined;
}

/** @param {string} checkout @param {string} os @param {string} cpu @returns {string[]} */
function problemsOf(checkout, os, cpu) {
	const problems = [];
	const binDir = path.join(checkout, 'node_modules', '.bin');
	for (const name of readdirSync(binDir)) {
		const binary = nativeBinary(realpathSync(path.join(binDir, name)));
		if (binary && (binary.format !== FORMAT_OF_OS[os] || binary.arch !== cpu)) {
			problems.push(`node_modules/.bin/${name} is native code (${binary.format}) for ${binary.arch}, not for ${os}-${cpu}`);
		}
	}
	const lock = JSON.parse(readFileSync(path.join(checkout, 'package-lock.json'), 'utf8'));
	for (const [where, entry] of Object.entries(lock.packages)) {
		if ((entry.os || entry.cpu) && !entry.optional && !entry.devOptional) {
			problems.push(`${where} is required but installs only on os ${entry.os ?? 'any'}, cpu ${entry.cpu ?? 'any'}`);
		}
	}
	return problems;
}

module.exports = { nativeBinary, problemsOf };

if (require.main === module) {
	const [checkout, os, cpu] = process.argv.slice(2);
	const problems = problemsOf(path.resolve(checkout), os, cpu);
	if (problems.length) {
		console.error(`install for ${os}-${cpu}:\n- ${problems.join('\n- ')}`);
		process.exitCode = 1;
	} else {
		console.log(`install for ${os}-${cpu}: no binary for another platform in node_modules/.bin, no package required on one platform only`);
	}
}
