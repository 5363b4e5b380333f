import { describeFailure, describeNetworkError } from '../../../../nodes/shared/transport/failures';

const answer = (statusCode: number, envelope: unknown, rawBody: unknown = JSON.stringify(envelope)) =>
	describeFailure({ statusCode, envelope, rawBody });

describe('reading PiAPI answers', () => {
	it('accepts a 200 envelope', () => {
		expect(answer(200, { code: 200, data: { task_id: 'x' }, message: 'success' })).toBeUndefined();
	});

	it('names a rejected API key, and never retries it', () => {
		const failure = answer(401, { code: 401, message: 'Unauthorized' });
		expect(failure?.message).toMatch(/rejected the API key \(HTTP 401\)/);
		expect(failure?.description).toMatch(/PiAPI API credential.*Unauthorized/);
		expect(failure?.retry).toBe('never');
	});

	it('retries a 429 even for a task creation, honouring Retry-After', () => {
		const failure = describeFailure({ statusCode: 429, envelope: undefined, rawBody: '', retryAfterMs: 2000 });
		expect(failure).toMatchObject({ retry: 'always', retryAfterMs: 2000, httpCode: '429' });
	});

	it('retries a 5xx HTML page only for reads, and shows its text', () => {
		const html = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
		const failure = answer(502, undefined, html);
		expect(failure).toMatchObject({ retry: 'idempotent', message: 'PiAPI had a server error (HTTP 502)' });
		expect(failure?.description).toBe('Response: 502 Bad Gateway 502 Bad Gateway');
	});

	it('treats a 200 that is not JSON as a failure a read may retry', () => {
		const failure = answer(200, undefined, '{"code":200,"da');
		expect(failure).toMatchObject({ retry: 'idempotent' });
		expect(failure?.message).toMatch(/not valid JSON/);
	});

	it('trusts the envelope code over a 200 status', () => {
		const failure = answer(200, { code: 400, message: 'invalid request', data: null });
		expect(failure).toMatchObject({ httpCode: '400', retry: 'never' });
		expect(failure?.message).toBe('PiAPI rejected the request (HTTP 400): invalid request');
	});

	it('takes the message from data.error when the envelope has none', () => {
		const failure = answer(500, { code: 500, data: { error: { message: 'internal error' } } });
		expect(failure?.description).toBe('PiAPI said: internal error');
	});

	it('keeps only safe fields in the error response', () => {
		const failure = answer(403, { code: 403, message: 'Insufficient plan level', headers: { 'x-api-key': 'secret' } });
		expect(JSON.stringify(failure?.response)).not.toContain('secret');
	});
});

describe('network errors', () => {
	it('retries a refused connection even for a creation: nothing reached PiAPI', () => {
		expect(describeNetworkError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' })).toMatchObject({
			retry: 'always',
			message: 'Could not reach PiAPI: connection refused',
		});
	});

	it('retries a reset connection only for reads: the task may exist', () => {
		expect(describeNetworkError({ code: 'ECONNRESET', message: 'socket hang up' }).retry).toBe('idempotent');
	});

	it('finds the code on the cause', () => {
		expect(describeNetworkError({ message: 'request failed', cause: { code: 'ETIMEDOUT' } })).toMatchObject({
			message: 'Could not reach PiAPI: the request timed out',
			description: 'ETIMEDOUT: request failed',
		});
	});

	it("finds the code in httpCode, where n8n 1.x's NodeApiError keeps it", () => {
		expect(describeNetworkError({ message: 'The connection was closed', httpCode: 'ECONNRESET' })).toMatchObject({
			message: 'Could not reach PiAPI: the connection was reset',
			retry: 'idempotent',
		});
		expect(describeNetworkError({ message: 'refused', httpCode: 'ECONNREFUSED' }).retry).toBe('always');
		expect(describeNetworkError({ message: 'Bad gateway', httpCode: '502' }).message).toBe(
			'Could not reach PiAPI: network error',
		);
	});

	it('never carries the request configuration (it holds the API key)', () => {
		const failure = describeNetworkError({ code: 'ECONNRESET', config: { headers: { 'X-API-Key': 'secret' } } });
		expect(JSON.stringify(failure)).not.toContain('secret');
	});
});
