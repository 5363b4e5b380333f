import { createHmac } from 'crypto';

/**
 * The secret PiAPI sends back with the callbacks of a task created by a waiting execution. It is derived, not stored:
 * n8n saves nothing from a waiting-webhook call that does not resume the execution, and a secret written into the
 * execution's data would show in its output. The API key is known to PiAPI and n8n only; execution and node make the
 * secret differ per wait. (A changed API key while waiting makes the callbacks fail: the wait then times out.)
 */
export function callbackSecret(apiKey: string, executionId: string, nodeId: string): string {
	return createHmac('sha256', apiKey).update(`piapi-faceswap-callback:${executionId}:${nodeId}`).digest('hex');
}
