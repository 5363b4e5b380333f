/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/harness/setup-env.js'],
	// shuts the engine harness down after each test file that started it
	setupFilesAfterEnv: ['<rootDir>/test/harness/teardown.js'],
	testTimeout: 60000,
};
