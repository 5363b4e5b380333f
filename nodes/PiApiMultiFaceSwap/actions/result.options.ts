import type { IExecuteFunctions } from 'n8n-workflow';

import type { OutputFormat } from '../../shared/output';
import { invalidInput, textParameter } from '../helpers/parameters';

/** Output (binary or URL) and the binary field name, shared by Swap Faces and Get Task. */
export function readResultOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { output: OutputFormat; binaryProperty: string } {
	const output = ctx.getNodeParameter('output', itemIndex, 'binary') as OutputFormat;
	if (output !== 'binary') return { output: 'url', binaryProperty: 'data' };
	const binaryProperty = textParameter(ctx, 'binaryPropertyOutput', 'Put Output in Field', itemIndex, 'data');
	if (!binaryProperty) throw invalidInput(ctx, 'Put Output in Field', itemIndex, 'is empty; name the binary field, e.g. data');
	return { output, binaryProperty };
}
