import type { INodeProperties } from 'n8n-workflow';

import { personalDataProperty } from '../shared/personal-data-node';

export const chatReplyProperties: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'Thanks {{user_name}}! Your order {{fields.order_id}} is on its way.',
		description: 'A Handlebars template (Fixed mode). Empty keeps the reply an earlier node set.',
		hint: 'Variables: {{user_name}}, {{fields.order_id}}, {{reply.message}}, {{router.language}}… Keep the field in Fixed mode, not Expression.',
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Button',
		default: {},
		options: [
			{
				name: 'entries',
				displayName: 'Button',
				values: [
					{ displayName: 'Label', name: 'label', type: 'string', default: '' },
					{
						displayName: 'Action ID',
						name: 'actionId',
						type: 'string',
						default: '',
						description: 'Sent back as the turn\'s actionId when clicked',
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'https://example.com/orders/{{fields.order_id}}',
						description: 'Opens this address instead (a URL template: values are percent-encoded)',
					},
				],
			},
		],
	},
	{
		displayName: 'Hand Over to a Human',
		name: 'handoff',
		type: 'boolean',
		default: false,
		description: 'Whether to mark the reply for a human to take over (reply.handoff); off keeps what an earlier node set',
	},
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'lead, priority',
		description: 'Comma-separated conversation tags added to the reply',
	},
	{
		displayName: 'Send Through',
		name: 'sendThrough',
		type: 'options',
		options: [
			{ name: 'The Chat Request', value: 'response', description: "Answer the widget's pending request, in the format it posted in" },
			{ name: 'Chatwoot', value: 'chatwoot', description: "Post to the Chatwoot conversation (options as Chatwoot's buttons; a handoff opens it for your agents)" },
			{ name: 'Telegram', value: 'telegram', description: "Send to the Telegram chat (options as inline keyboard buttons)" },
			{ name: 'WhatsApp', value: 'whatsapp', description: "Send to the WhatsApp user (options as reply buttons or a list)" },
		],
		default: 'response',
		description: "Where the reply goes: a channel is answered through its API with its own buttons, for each item (the turn must have come from that channel)",
	},
	{
		displayName: 'Send Response',
		name: 'respond',
		type: 'boolean',
		default: true,
		description:
			'Whether to answer the chat widget now (when its trigger responds "Using a Chat Reply Node"), in the format it posted in',
		hint: "Set the trigger's Respond to \"Using a Chat Reply Node\". Behind n8n's own Chat Trigger in When Last Node Finishes mode, turn this off: the reply goes back as the item's output.",
		displayOptions: { show: { sendThrough: ['response'] } },
	},
	{
		displayName: 'Conversation State',
		name: 'stateStore',
		type: 'options',
		options: [
			{ name: 'In Memory', value: 'memory', description: 'The Action Router keeps this conversation in memory' },
			{ name: 'Redis', value: 'redis', description: 'The Action Router keeps it in Redis: use its credential' },
			{ name: 'None', value: 'none', description: 'Do not add the answer to the thread' },
		],
		default: 'memory',
		description:
			"Where the Action Router keeps this conversation: the answer is added to its thread, which @n8n/chat's previous session shows and a handoff carries. Nothing is kept for a conversation the router does not know.",
	},
	personalDataProperty,
];
