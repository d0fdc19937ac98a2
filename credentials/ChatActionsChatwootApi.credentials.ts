import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Chatwoot agent bot: the access token it answers with through Chatwoot's account API
 * (`api_access_token` header), and the secret Chatwoot signs the bot's webhook deliveries with
 * (X-Chatwoot-Signature, Chatwoot 4.13 and later).
 */
export class ChatActionsChatwootApi implements ICredentialType {
	name = 'chatActionsChatwootApi';

	displayName = 'Chat Actions Chatwoot API';

	icon = 'file:chatActions.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-chat-actions/n8n-nodes-chat-actions/blob/main/docs/nodes/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Chatwoot URL',
			name: 'url',
			type: 'string',
			default: 'https://app.chatwoot.com',
			required: true,
			description: 'Where your Chatwoot runs: https://app.chatwoot.com for Chatwoot Cloud, your own address when self-hosted',
		},
		{
			displayName: 'Access Token',
			name: 'apiAccessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The agent bot\'s access token: Settings → Bots, edit the bot, Access Token. Replies and handoff notes then come from the bot. A user\'s token (Profile Settings → Access Token) works too; replies then come from that user.',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The secret Chatwoot signs the bot\'s webhook deliveries with (Settings → Bots, edit the bot, Webhook Secret; Chatwoot 4.13 or later). With it, deliveries without a matching X-Chatwoot-Signature are refused. Older Chatwoot does not sign: leave it empty and keep the webhook URL secret.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { api_access_token: '={{$credentials.apiAccessToken}}' },
		},
	};

	/**
	 * A bot's token may call only conversation endpoints (AccessTokenAuthHelper's
	 * BOT_ACCESSIBLE_ENDPOINTS), which need an account and a conversation this credential does not
	 * know. /api/v1/profile tells the token apart without them: Chatwoot looks the token up first
	 * and answers an unknown one 401 {"error":"Invalid Access Token"}; a bot's token gets 401
	 * "Access to this endpoint is not authorized for bots", a user's token its profile.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url.replace(new RegExp("/+$"), "")}}',
			url: '/api/v1/profile',
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'Invalid Access Token',
					message: 'Chatwoot does not know this access token: copy it again from Settings → Bots (edit the bot)',
				},
			},
		],
	};
}
