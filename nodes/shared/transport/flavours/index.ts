import type { IExecuteFunctions } from 'n8n-workflow';

import { legacyClient } from './legacy';
import type { ApiFlavour, TaskClient } from './types';
import { unifiedClient } from './unified';

export function taskClient(ctx: IExecuteFunctions, api: ApiFlavour): TaskClient {
	return api === 'legacy' ? legacyClient(ctx) : unifiedClient(ctx);
}

export * from './types';
