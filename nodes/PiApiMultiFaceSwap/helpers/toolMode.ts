import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** The type n8n generates from `usableAsTool` for an AI Agent's tool input: `<package>.piApiMultiFaceSwapTool`. */
const TOOL_TYPE_SUFFIX = 'piApiMultiFaceSwapTool';

/**
 * Whether n8n runs the node as an AI Agent's tool, where a model reads its JSON and binary output is dropped.
 * How n8n says so (read in n8n-core 2.41 and 1.122): the AI Agent v3 has the engine run the tool node with
 * `rewireOutputLogTo: ai_tool` on the node (requests-response.ts); older agents call it through a tool wrapper whose
 * context answers isToolExecution() (2.x only); in every case the node is the generated `…Tool` type.
 */
export function runsAsTool(ctx: IExecuteFunctions): boolean {
	const node = ctx.getNode();
	if (node.rewireOutputLogTo === NodeConnectionTypes.AiTool) return true;
	if (node.type.endsWith(TOOL_TYPE_SUFFIX)) return true;
	// n8n 1.x contexts have no isToolExecution.
	const context = ctx as { isToolExecution?: () => boolean };
	return context.isToolExecution?.() === true;
}
