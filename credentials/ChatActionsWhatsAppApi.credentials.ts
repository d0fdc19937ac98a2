import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * WhatsApp Cloud API: the token that sends (Graph API, "Authorization: Bearer"), the app secret
 * that checks Meta's X-Hub-Signature-256 on each webhook delivery, and the verify token Meta's
 * webhook setup sends back once with hub.verify_token.
 */
export class ChatActionsWhatsAppApi implements ICredentialType {
	name = 'chatActionsWhatsAppApi';

	displayName = 'Chat Actions WhatsApp API';

	icon = 'file:chatActions.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-chat-actions/n8n-nodes-chat-actions/blob/main/docs/nodes/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A system user\'s permanent token with the whatsapp_business_messaging permission (Meta Business Settings → System users → Generate token). The temporary token of the app\'s API Setup page expires within a day.',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Meta app\'s secret (App settings → Basic). Meta signs every webhook delivery with it (X-Hub-Signature-256); deliveries that do not match are refused.',
		},
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Any string you choose, typed again as the Verify Token in the app\'s WhatsApp → Configuration → Webhook settings. Meta sends it once to check the callback URL.',
		},
		{
			displayName: 'Graph API URL',
			name: 'graphApiUrl',
			type: 'string',
			default: 'https://graph.facebook.com/v26.0',
			description:
				'The Graph API with its version. Meta keeps a version working for two years after the next one comes out; move to a newer version here when Meta announces the end of this one.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	// /me answers for any valid token (a system user's included) and refuses an expired or
	// revoked one with OAuthException 190; it needs no WhatsApp account or number id.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.graphApiUrl}}',
			url: '/me',
			method: 'GET',
		},
	};
}
