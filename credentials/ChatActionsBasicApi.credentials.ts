import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiLocationProperties, apiLocationTest } from './common';

export class ChatActionsBasicApi implements ICredentialType {
	name = 'chatActionsBasicApi';

	displayName = 'Chat Actions Basic Auth API';

	icon = 'file:chatActions.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-chat-actions/n8n-nodes-chat-actions/blob/main/docs/nodes/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		...apiLocationProperties,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.user}}', password: '={{$credentials.password}}' },
		},
	};

	test: ICredentialTestRequest = apiLocationTest;
}
