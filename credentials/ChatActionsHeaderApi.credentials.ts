import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { DEFAULT_HEADER_NAMES } from '../nodes/shared/authentication';
import { apiLocationProperties, apiLocationTest } from './common';

export class ChatActionsHeaderApi implements ICredentialType {
	name = 'chatActionsHeaderApi';

	displayName = 'Chat Actions API Key (Header) API';

	icon = 'file:chatActions.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-chat-actions/n8n-nodes-chat-actions/blob/main/docs/nodes/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: DEFAULT_HEADER_NAMES.apiKey,
			required: true,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
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
			headers: { '={{$credentials.headerName}}': '={{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = apiLocationTest;
}
