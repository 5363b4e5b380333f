import type { IExecuteFunctions } from 'n8n-workflow';

import { apiRequest } from './index';
import { isObject } from './failures';

export interface AccountBalance {
	/** `equivalent_in_usd` of GET /account/info; undefined when PiAPI did not report a number. */
	usd?: number;
}

/** The account's balance from GET /account/info: free, creates nothing (the credential test sends the same). */
export async function readAccountBalance(
	ctx: IExecuteFunctions,
	{ itemIndex, signal }: { itemIndex: number; signal?: AbortSignal },
): Promise<AccountBalance> {
	const envelope = await apiRequest(ctx, { method: 'GET', path: '/account/info', retry: 'idempotent', itemIndex, signal });
	const data = isObject(envelope.data) ? envelope.data : {};
	const raw = data.equivalent_in_usd;
	const usd = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	return typeof usd === 'number' && Number.isFinite(usd) ? { usd } : {};
}
