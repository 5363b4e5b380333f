import type { JsonObject } from 'n8n-workflow';

/** A failed call, described for the user. `response` holds only safe fields: never the request or its headers. */
export interface Failure {
	message: string;
	description?: string;
	httpCode?: string;
	/** always: PiAPI did not act on the request; idempotent: retry reads only; never: retrying cannot help. */
	retry: 'always' | 'idempotent' | 'never';
	retryAfterMs?: number;
	response: JsonObject;
}

export type Observation =
	| { networkError: unknown }
	| { statusCode: number; envelope: unknown; rawBody: unknown; retryAfterMs?: number };

// The request never reached PiAPI, so nothing can have been created.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Undefined for a successful call, otherwise what failed and whether a retry may help. */
export function describeFailure(observation: Observation): Failure | undefined {
	if ('networkError' in observation) return describeNetworkError(observation.networkError);

	const { statusCode, envelope, rawBody, retryAfterMs } = observation;
	const body = isObject(envelope) ? envelope : undefined;
	const code = body && typeof body.code === 'number' && body.code !== 200 ? body.code : statusCode;
	const piapiMessage = body ? messageOf(body) : undefined;

	if (code >= 200 && code < 300) {
		if (body) return undefined;
		return {
			message: `PiAPI sent a response that is not valid JSON (HTTP ${statusCode})`,
			description: snippet(rawBody),
			httpCode: String(statusCode),
			retry: 'idempotent',
			response: { statusCode },
		};
	}

	const response: JsonObject = { statusCode: code, ...(piapiMessage ? { message: piapiMessage } : {}) };
	const said = piapiMessage ? `PiAPI said: ${piapiMessage}` : snippet(rawBody);
	const httpCode = String(code);
	if (code === 401 || code === 403) {
		return {
			message: `PiAPI rejected the API key (HTTP ${code})`,
			description: `Check the API Key in the PiAPI API credential. ${said ?? ''}`.trim(),
			httpCode,
			retry: 'never',
			response,
		};
	}
	if (code === 429) {
		return {
			message: 'PiAPI is limiting the request rate (HTTP 429) and kept refusing after several tries',
			description: said,
			httpCode,
			retry: 'always',
			retryAfterMs,
			response,
		};
	}
	if (code >= 500) {
		return { message: `PiAPI had a server error (HTTP ${code})`, description: said, httpCode, retry: 'idempotent', response };
	}
	return {
		message: `PiAPI rejected the request (HTTP ${code})${piapiMessage ? `: ${piapiMessage}` : ''}`,
		description: piapiMessage ? undefined : said,
		httpCode,
		retry: 'never',
		response,
	};
}

export function describeNetworkError(error: unknown): Failure {
	const details = isObject(error) ? error : {};
	const cause = isObject(details.cause) ? details.cause : {};
	// n8n 1.x hands the node a NodeApiError without its cause: there the code is only in httpCode ('ECONNRESET')
	const httpCode = typeof details.httpCode === 'string' && /^E[A-Z_]+$/.test(details.httpCode) ? details.httpCode : undefined;
	const code = String(details.code ?? cause.code ?? httpCode ?? '');
	const text = typeof details.message === 'string' ? details.message : String(error);
	// The code stays out of the message: n8n replaces messages that contain one with its generic text.
	return {
		message: `Could not reach PiAPI: ${NETWORK_PROBLEMS[code] ?? 'network error'}`,
		description: [code, text].filter(Boolean).join(': '),
		retry: NOT_CONNECTED.has(code) ? 'always' : 'idempotent',
		response: { networkError: code || 'NETWORK_ERROR' },
	};
}

const NETWORK_PROBLEMS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'the connection was reset',
	ETIMEDOUT: 'the request timed out',
	ECONNABORTED: 'the request timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	EPIPE: 'the connection broke',
};

function messageOf(body: Record<string, unknown>): string | undefined {
	const data = isObject(body.data) ? body.data : undefined;
	const error = data && isObject(data.error) ? data.error : undefined;
	const candidates = [body.message, error?.message, error?.raw_message];
	return candidates.find((m): m is string => typeof m === 'string' && m.trim() !== '' && m !== 'success');
}

/** The readable start of a non-JSON body, e.g. the title of a proxy's HTML error page. */
function snippet(body: unknown): string | undefined {
	const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : undefined;
	if (!text) return undefined;
	const plain = text
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return plain ? `Response: ${plain.slice(0, 200)}` : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
