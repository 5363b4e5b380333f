import type { INodeProperties } from 'n8n-workflow';

/** Swap Faces' choice between polling and letting the execution wait for PiAPI's callback (README: "Choosing how to wait"). */
export const waitMethodProperty: INodeProperties = {
	displayName: 'Wait Method',
	name: 'waitMethod',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Poll PiAPI',
			value: 'poll',
			description: 'Ask PiAPI for the status until the task is done; any number of items; the execution runs meanwhile',
		},
		{
			name: 'Until PiAPI Calls Back',
			value: 'callback',
			description:
				'The execution waits without running (like the Wait node) until PiAPI calls back; one item per run, On Error must be Continue, and PiAPI must reach your n8n',
		},
	],
	default: 'poll',
	displayOptions: { show: { api: ['unified'], waitForCompletion: [true] } },
};
