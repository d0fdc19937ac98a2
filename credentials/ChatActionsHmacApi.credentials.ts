import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { signPayload } from '../nodes/shared/signing';
import { apiLocationProperties, apiLocationTest } from './common';

/**
 * Signs each request: `<Signature Header>: sha256=HMAC(secret, "<timestamp>.<raw body>")`
 * and `<Timestamp Header>: <unix seconds>`, so the API can check who sent the body and when.
 */
export class ChatActionsHmacApi implements ICredentialType {
	name = 'chatActionsHmacApi';

	displayName = 'Chat Actions HMAC Signature API';

	icon = 'file:chatActions.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-chat-actions#credentials';

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
			default: 'X-Signature',
		},
		{
			displayName: 'Timestamp Header',
			name: 'timestampHeader',
			type: 'string',
			default: 'X-Timestamp',
		},
		...apiLocationProperties,
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { body } = requestOptions;
		// Sign exactly the bytes that will be sent: an object body is serialised here, once.
		const rawBody =
			body === undefined || body === null
				? ''
				: typeof body === 'string' || Buffer.isBuffer(body)
					? body
					: body instanceof URLSearchParams
						? body.toString()
						: JSON.stringify(body);
		const timestamp = String(Math.floor(Date.now() / 1000));
		const headers = { ...(requestOptions.headers ?? {}) };
		headers[(credentials.timestampHeader as string) || 'X-Timestamp'] = timestamp;
		headers[(credentials.signatureHeader as string) || 'X-Signature'] = signPayload(
			credentials.secret as string,
			timestamp,
			rawBody,
		);
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && !(body instanceof URLSearchParams)) {
			const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
			if (!hasContentType) headers['Content-Type'] = 'application/json';
			return { ...requestOptions, headers, body: rawBody };
		}
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = apiLocationTest;
}
