import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Where the Action Router keeps conversation state when n8n runs several processes (queue
 * mode) or must survive restarts. Redis is not an HTTP API, so this credential has no test
 * request: the Action Router node tests it (its credentials entry's `testedBy`, which calls
 * testRedisConnection from nodes/shared/state/redis/credential-test.ts: a PING).
 */
export class ChatActionsRedisApi implements ICredentialType {
	name = 'chatActionsRedisApi';

	displayName = 'Chat Actions Redis';

	icon = 'file:chatActions.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-chat-actions/n8n-nodes-chat-actions/blob/main/docs/nodes/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			required: true,
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 6379,
			required: true,
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'An ACL user (Redis 6 and later). Leave empty for the default user.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Database Number',
			name: 'database',
			type: 'number',
			default: 0,
		},
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'boolean',
			default: false,
			description: 'Whether to connect with TLS',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'disableTlsVerification',
			type: 'boolean',
			default: false,
			description: "Whether to connect even if the server's TLS certificate cannot be verified",
			displayOptions: { show: { ssl: [true] } },
		},
		{
			displayName: 'Encryption Key',
			name: 'encryptionSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Conversation state is stored encrypted (AES-256-GCM) under keys that hide the conversation ID. Use a long random string and keep it: state written with one key cannot be read with another. Empty: derived from the password, so anyone who can log into Redis can read the state (a copied backup cannot).',
		},
		{
			displayName: 'Key Prefix',
			name: 'keyPrefix',
			type: 'string',
			default: 'chat-actions:state:',
			description: 'Every conversation is stored under this prefix followed by a keyed hash of its conversation ID',
		},
	];
}
