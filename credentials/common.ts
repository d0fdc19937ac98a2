import type { ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

/**
 * Every credential of this package names the API it is for: the base URL relative action
 * URLs are resolved against, and a path the credential test can call.
 */
export const apiLocationProperties: INodeProperties[] = [
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		placeholder: 'https://api.example.com',
		description:
			'Your API\'s address. HTTP Action URLs that start with "/" are sent here, so moving a flow to another API means changing only this.',
	},
	{
		displayName: 'Test Path',
		name: 'testPath',
		type: 'string',
		default: '/',
		description: 'A path on the Base URL that needs these credentials and answers a GET, used by the credential test',
	},
];

export const apiLocationTest: ICredentialTestRequest = {
	request: {
		baseURL: '={{$credentials.baseUrl}}',
		url: '={{$credentials.testPath}}',
		method: 'GET',
	},
};
