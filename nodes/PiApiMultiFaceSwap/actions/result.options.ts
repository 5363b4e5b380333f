import type { IExecuteFunctions } from 'n8n-workflow';

import type { OutputFormat } from '../../shared/output';
import { invalidInput, textParameter } from '../helpers/parameters';
import { runsAsTool } from '../helpers/toolMode';

/**
 * Output (binary or URL) and the binary field name, shared by Swap Faces and Get Task. As an AI Agent's tool the
 * output is the URL whatever the field says: n8n drops a tool's binary before the model sees it, so a download would
 * be wasted on every call.
 */
export function readResultOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { output: OutputFormat; binaryProperty: string } {
	if (runsAsTool(ctx)) return { output: 'url', binaryProperty: 'data' };
	const output = ctx.getNodeParameter('output', itemIndex, 'binary') as OutputFormat;
	if (output !== 'binary') return { output: 'url', binaryProperty: 'data' };
	const binaryProperty = textParameter(ctx, 'binaryPropertyOutput', 'Put Output in Field', itemIndex, 'data');
	if (!binaryProperty) throw invalidInput(ctx, 'Put Output in Field', itemIndex, 'is empty; name the binary field, e.g. data');
	return { output, binaryProperty };
}
