import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class PiApi implements ICredentialType {
	name = 'piApi';

	displayName = 'PiAPI API';

	icon: Icon = { light: 'file:piapi.svg', dark: 'file:piapi.dark.svg' };

	documentationUrl = 'https://piapi.ai/docs/overview';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your key from the PiAPI workspace, sent as the X-API-Key header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.piapi.ai',
			description:
				'Change only to go through a proxy or to use the local PiAPI simulator (e.g. http://127.0.0.1:8787)',
		},
		{
			displayName: 'Upload URL',
			name: 'uploadUrl',
			type: 'string',
			default: 'https://upload.theapi.app',
			description:
				'PiAPI’s file upload host, used only to send a video from binary data or base64 (PiAPI takes videos by URL). Change only with the Base URL: for the local simulator, the same URL as the Base URL.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'X-API-Key': '={{$credentials.apiKey}}' },
		},
	};

	// Reading the account costs nothing; creating a task to test a key would be billed.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/account/info',
			method: 'GET',
		},
	};
}
