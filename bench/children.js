// @ts-check
// Runs a benchmark script in a fresh Node process (child_process.fork) and returns the one message it sends.
const { fork } = require('node:child_process');
const path = require('node:path');

/**
 * @template T
 * @param {string} script file name in bench/
 * @param {{ args?: string[], message?: unknown, execArgv?: string[] }} [options] argv for the child; a message to send
 *   it once started; Node options added to this process's
 * @returns {Promise<T>}
 */
function runChild(script, { args = [], message, execArgv = [] } = {}) {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, script), args, {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			execArgv: [...process.execArgv, ...execArgv],
		});
		/** @type {any} */
		let answer;
		child.on('message', (received) => (answer = received));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (answer?.error) reject(new Error(`${script}: ${answer.error}`));
			else if (answer && 'report' in answer) resolve(answer.report);
			else if (answer) resolve(answer);
			else reject(new Error(`${script} exited with code ${code} without an answer`));
		});
		if (message !== undefined) child.send(/** @type {import('node:child_process').Serializable} */ (message));
	});
}

module.exports = { runChild };
