/**
 * What a model is told about the node as an AI Agent's tool when the builder leaves Tool Description on "Set
 * Automatically". n8n builds that text from the chosen operation only for nodes with a Resource field (makeDescription
 * in n8n-workflow's node-helpers); adding one would empty the node's list of actions in the editor's node panel, so
 * this text covers every operation and says what the model gets back. A description written for the wired operation
 * ("Set Manually") is better still: see the README.
 */
export const TOOL_DESCRIPTION =
	'Face swap with PiAPI. Swap Faces puts the face of the swap image onto the target image (Swap Faces in Video: into ' +
	'a video); each such call creates one billed task and waits for its result. Answers with JSON: taskId, status, ' +
	'imageUrl or videoUrl of the result, costUsd, or error saying what is wrong with the input.';
