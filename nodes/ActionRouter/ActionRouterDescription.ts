import type { INodeProperties } from 'n8n-workflow';

import { personalDataProperty } from '../shared/personal-data-node';
import { actionProperties } from './ActionDescription';
import { routerOptionsProperty } from './RouterOptionsDescription';

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Route a Chat Turn', value: 'route', action: 'Route a chat turn', description: 'Work out the action, collect its fields, ask what is missing' },
		{
			name: 'Forget a Conversation',
			value: 'forget',
			action: 'Forget a conversation',
			description: "Erase a conversation's state (thread, fields, actions taken) now: a visitor's privacy request, or the end of a chat",
		},
		{
			name: 'Release a Conversation',
			value: 'release',
			action: 'Release a conversation',
			description: 'Give a conversation a person took over after a handoff back to the bot: the router answers it again',
		},
		{
			name: 'Report Insight',
			value: 'insight',
			action: 'Report insight',
			description: 'One item per day and action: how often it was asked, completed, cancelled, failed, handed off, and where visitors stopped',
		},
	],
	default: 'route',
};

const forgetProperties: INodeProperties[] = [
	{
		displayName: 'Conversation ID',
		name: 'forgetConversationId',
		type: 'string',
		default: '={{ $json.conversationId ?? $json.sessionId }}',
		required: true,
		description: "Which conversation: the ID the chat's trigger gave it (conversationId, or sessionId after n8n's Chat Trigger)",
		displayOptions: { show: { operation: ['forget', 'release'] } },
	},
	{
		displayName:
			"The router keeps each workflow's conversations apart: put this node in the workflow whose Action Router routes the chat (a second trigger there: a form, a Webhook, a help desk's event), with the same Conversation State and Redis credential",
		name: 'sameStateNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['forget', 'release'] } },
	},
];

const insightProperties: INodeProperties[] = [
	{
		displayName:
			"Reads what the Action Router that routes this workflow's chats counted: turn on its option Count Outcomes, and give this node the same Conversation State. The trigger's Insight page shows the same as a chart.",
		name: 'insightNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['insight'] } },
	},
	{
		displayName: 'Days',
		name: 'insightDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 90 },
		default: 14,
		description: 'How many days back, today included; the counts are kept 90 days',
		displayOptions: { show: { operation: ['insight'] } },
	},
];

/** Shown only when routing: merged into the property's own displayOptions. */
function whenRouting(property: INodeProperties): INodeProperties {
	const show = { ...(property.displayOptions?.show ?? {}), operation: ['route'] };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

const routingProperties: INodeProperties[] = [
	{
		displayName:
			'Each action gets an output, in the order below, then Ask (the next question for the visitor) and No Match. End each branch in a Chat Reply node and set the trigger\'s Respond to "Using a Chat Reply Node": every output then answers the visitor.',
		name: 'outputsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Actions',
		name: 'actions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Action',
		default: {},
		description: 'Each action gets its own output, in this order, followed by Ask and No Match',
		options: [{ name: 'action', displayName: 'Action', values: actionProperties }],
	},
	{
		displayName: 'Input',
		name: 'input',
		type: 'options',
		options: [
			{
				name: 'From a Chat Trigger',
				value: 'auto',
				description: "The items of this package's Chat Action Trigger, of n8n's own Chat Trigger, Telegram Trigger or WhatsApp Trigger, read as they are",
			},
			{
				name: 'Define Below',
				value: 'define',
				description: 'For any other trigger (Slack, a form, a Webhook): point at the message and the conversation',
			},
		],
		default: 'auto',
	},
	{
		displayName: 'Message',
		name: 'inputMessage',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.message.text }}',
		description: "The visitor's message, as an expression on the trigger's item: its text after a Slack Trigger, its body.message after a form or a Webhook",
		displayOptions: { show: { input: ['define'] } },
	},
	{
		displayName: 'Conversation ID',
		name: 'inputConversationId',
		type: 'string',
		default: '',
		// The expression reads Telegram's own property, spelled `id`; the rule wants the word "ID".
		// eslint-disable-next-line n8n-nodes-base/node-param-placeholder-miscased-id
		placeholder: '={{ $json.message.chat.id }}',
		description: 'What keeps one conversation apart from another (a chat, a sender, a channel). Empty: every message stands alone.',
		displayOptions: { show: { input: ['define'] } },
	},
	{
		displayName: 'Visitor Email',
		name: 'inputEmail',
		type: 'string',
		default: '',
		description: 'Pre-fills email fields when set',
		displayOptions: { show: { input: ['define'] } },
	},
	{
		displayName: 'Visitor Phone',
		name: 'inputPhone',
		type: 'string',
		default: '',
		placeholder: '={{ $json.messages[0].from }}',
		description: 'Pre-fills phone fields when set',
		displayOptions: { show: { input: ['define'] } },
	},
	{
		displayName: 'Visitor Name',
		name: 'inputName',
		type: 'string',
		default: '',
		placeholder: '={{ $json.message.from.first_name }}',
		description: 'Pre-fills a field named "name" when set',
		displayOptions: { show: { input: ['define'] } },
	},
	{
		displayName: 'Intent Detection',
		name: 'intentMode',
		type: 'options',
		options: [
			{
				name: 'Chat Model',
				value: 'llm',
				description: 'The chat model connected to the Model input decides every new request',
			},
			{
				name: 'Embedded Model',
				value: 'embedded',
				description: "Learns from the actions' descriptions and examples; no API key, no cost per message",
			},
			{
				name: 'Hybrid',
				value: 'hybrid',
				description: 'Embedded model first; the connected chat model only when it is unsure',
			},
		],
		default: 'embedded',
	},
	{
		displayName:
			"Connect a chat model node (OpenAI Chat Model, for one) to the router's Model input. Set its Timeout to a few seconds and its Max Retries low: the visitor waits, and when the model fails the embedded model's answer stands.",
		name: 'chatModelNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { intentMode: ['llm', 'hybrid'] } },
	},
];

const stateStoreProperty: INodeProperties = {
	displayName: 'Conversation State',
	name: 'stateStore',
	type: 'options',
	options: [
		{ name: 'In Memory', value: 'memory', description: 'For one n8n process; lost on restart' },
		{ name: 'Redis', value: 'redis', description: 'Survives restarts and serves every worker in queue mode' },
	],
	default: 'memory',
	description:
		"Where conversations are kept (and the review list and the outcome counts, when those options are on). Set the trigger's and Chat Reply's Conversation State the same way; with queue mode (workers), choose Redis.",
};

const routingOptions: INodeProperties[] = [personalDataProperty, routerOptionsProperty];

export const actionRouterProperties: INodeProperties[] = [
	operationProperty,
	...forgetProperties,
	...insightProperties,
	...routingProperties.map(whenRouting),
	stateStoreProperty,
	...routingOptions.map(whenRouting),
];
