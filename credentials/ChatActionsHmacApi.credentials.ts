import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_HEADER_NAMES } from '../nodes/shared/authentication';
import { signRequest } from '../nodes/shared/signing';
import { apiLocationProperties, apiLocationTest } from './common';

/**
 * Signs each request: `<Signature Header>: sha256=HMAC(secret, "<timestamp>.<raw body>")`
 * and `<Timestamp Header>: <unix seconds>`, so the API can check who sent the body and when.
 */
export class ChatActionsHmacApi implements ICredentialType {
	name = 'chatActionsHmacApi';

	displayName = 'Chat Actions HMAC Signature API';

	icon = 'file:chatActions.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-chat-actions/n8n-nodes-chat-actions/blob/main/docs/nodes/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Signature Header',
			name: 'signatureHeader',
			type: 'string',
			default: DEFAULT_HEADER_NAMES.signature,
		},
		{
			displayName: 'Timestamp Header',
			name: 'timestampHeader',
			type: 'string',
			default: DEFAULT_HEADER_NAMES.timestamp,
		},
		...apiLocationProperties,
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signRequest(
			{
				secret: credentials.secret as string,
				signatureHeader: (credentials.signatureHeader as string) || DEFAULT_HEADER_NAMES.signature,
				timestampHeader: (credentials.timestampHeader as string) || DEFAULT_HEADER_NAMES.timestamp,
			},
			requestOptions,
		);
	}

	test: ICredentialTestRequest = apiLocationTest;
}
