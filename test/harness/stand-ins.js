// @ts-check
// Minimal stand-ins for the two n8n-nodes-base types that exported workflows contain but that do no work:
// the Manual Trigger (emits one empty item when a run starts, like the real one) and the Sticky Note (a canvas
// comment that never runs). Nothing else gets a stand-in: a workflow using any other foreign node fails loudly.
const { NodeConnectionTypes } = require('n8n-workflow');

const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
const STICKY_NOTE_TYPE = 'n8n-nodes-base.stickyNote';

/** @type {import('n8n-workflow').INodeType} */
const manualTrigger = {
	description: {
		displayName: 'Manual Trigger (harness stand-in)',
		name: MANUAL_TRIGGER_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Starts the run with one empty item',
		defaults: { name: "When clicking 'Execute workflow'" },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	// Runs through n8n's real trigger path (TriggersAndPollers, manual mode), as the real node does.
	async trigger() {
		const emit = () => this.emit([this.helpers.returnJsonArray([{}])]);
		return { manualTriggerFunction: async () => emit() };
	},
};

/** @type {import('n8n-workflow').INodeType} */
const stickyNote = {
	description: {
		displayName: 'Sticky Note (harness stand-in)',
		name: STICKY_NOTE_TYPE,
		group: ['input'],
		version: 1,
		description: 'A note on the canvas',
		defaults: { name: 'Sticky Note' },
		inputs: [],
		outputs: [],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
		],
	},
};

module.exports = {
	MANUAL_TRIGGER_TYPE,
	STICKY_NOTE_TYPE,
	standIns: { [MANUAL_TRIGGER_TYPE]: manualTrigger, [STICKY_NOTE_TYPE]: stickyNote },
};
