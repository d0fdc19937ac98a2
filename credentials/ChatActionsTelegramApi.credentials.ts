import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Telegram bot, for Chat Reply's Telegram channel (and Chat Action Trigger when Telegram posts
 * to it directly). The Bot API takes the token in the path (`/bot<token>/<method>`), not in a
 * header, so there is no generic authentication: the nodes build the path themselves.
 */
export class ChatActionsTelegramApi implements ICredentialType {
	name = 'chatActionsTelegramApi';

	displayName = 'Chat Actions Telegram API';

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
			description: 'The bot token <a href="https://telegram.me/botfather">BotFather</a> gave you, like 123456:ABC-DEF…',
		},
		{
			displayName: 'Secret Token',
			name: 'secretToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The secret_token your webhook was registered with (setWebhook). When Telegram posts updates to Chat Action Trigger, updates without this value in their X-Telegram-Bot-Api-Secret-Token header are refused. Leave empty when n8n\'s Telegram Trigger receives the updates: it checks its own.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.telegram.org',
			description: 'The Bot API server: Telegram\'s, or your own (a local Bot API server)',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}/bot{{$credentials.accessToken}}',
			url: '/getMe',
			method: 'GET',
		},
	};
}
