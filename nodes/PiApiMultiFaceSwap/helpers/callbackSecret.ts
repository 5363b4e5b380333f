import { createHash, createHmac, timingSafeEqual } from 'crypto';

/**
 * The secret PiAPI sends back with the callbacks of a task created by a waiting execution. It is derived, not stored:
 * n8n saves nothing from a waiting-webhook call that does not resume the execution, and a secret written into the
 * execution's data would show in its output. The API key is known to PiAPI and n8n only; execution and node make the
 * secret differ per wait. (A changed API key while waiting makes the callbacks fail: the wait then times out.)
 */
export function callbackSecret(apiKey: string, executionId: string, nodeId: string): string {
	return createHmac('sha256', apiKey).update(`piapi-faceswap-callback:${executionId}:${nodeId}`).digest('hex');
}

/** Constant-time comparison of what the caller sent with the expected secret (both hashed to one length first). */
export function sameSecret(sent: unknown, expected: string): boolean {
	if (typeof sent !== 'string') return false;
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(sent), digest(expected));
}
