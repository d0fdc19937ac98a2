import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The key the Chat Actions nodes seal personal data with when their "Personal Data" parameter
 * says "Sealed" (nodes/shared/personal-data.ts). A credential because every n8n process reads
 * credentials: in queue mode the trigger seals in the main process and the router unseals in a
 * worker. It calls no API, so it has no test request: each node that uses it tests it (its
 * credentials entry's `testedBy`), checking the key is long enough to seal with.
 */
export class ChatActionsPersonalDataApi implements ICredentialType {
	name = 'chatActionsPersonalDataApi';

	displayName = 'Chat Actions Personal Data Key API';

	icon = 'file:chatActions.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-chat-actions/n8n-nodes-chat-actions/blob/main/docs/nodes/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'At least 32 random characters, e.g. from "openssl rand -base64 32". Use the same credential on every Chat Actions node of a flow. Deleting or changing it leaves the personal data in executions saved under it unreadable.',
		},
	];
}
