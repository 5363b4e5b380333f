// @ts-check
// Child process: runs the reference jobs it is sent, all at once (they mostly wait), and sends the results back.
const { runJob } = require('./jobs');

process.once('message', async (/** @type {{ jobs: import('./jobs').Job[] }} */ message) => {
	const results = await Promise.all(
		message.jobs.map(async (job) => {
			try {
				return { id: job.id, result: await runJob(job) };
			} catch (error) {
				return { id: job.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
			}
		}),
	);
	process.send?.({ results }, () => process.exit(0));
});
