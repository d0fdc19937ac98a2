import type { INodeProperties } from 'n8n-workflow';

import { personalDataProperty } from '../shared/personal-data-node';
import { DEFAULT_REPLIES, ROUTER_DEFAULTS } from './engine/defaults';

export { DEFAULT_REPLIES };

const fieldProperties: INodeProperties[] = [
	{
		displayName: 'Invalid Value Message',
		name: 'invalidMessage',
		type: 'string',
		default: '',
		description: "Said when a value is not valid; empty uses the type's own message",
	},
	{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'email' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'string',
		default: '',
		placeholder: 'weekly, product news, offers',
		description: 'For One of a List: comma-separated choices (offered as buttons)',
	},
	{
		displayName: 'Pattern',
		name: 'pattern',
		type: 'string',
		default: '',
		placeholder: '^INV-[0-9]{5}$',
		description:
			'For Pattern (Regex): the shape of a whole value, anchored or not. The answer, or a word or a few words of a message, must match all of it: "resend INV-20417?" gives INV-20417, and a longer value is refused, never cut. Letter case is ignored.',
	},
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		default: '',
		placeholder: 'What email address are you subscribed with?',
	},
	{ displayName: 'Required', name: 'required', type: 'boolean', default: true },
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Date', value: 'date' },
			{ name: 'Email', value: 'email' },
			{ name: 'Number', value: 'number' },
			{ name: 'One of a List', value: 'enum' },
			{ name: 'Pattern (Regex)', value: 'regex' },
			{ name: 'Phone Number', value: 'phone' },
			{ name: 'Text', value: 'text', description: 'The answer as written, less a lead-in that restates the field\'s name ("my name is Ana" → "Ana")' },
			{ name: 'Web Address', value: 'url' },
			{ name: 'Whole Number', value: 'integer' },
		],
		default: 'text',
	},
];

const actionProperties: INodeProperties[] = [
	{
		displayName: 'Button Label',
		name: 'label',
		type: 'string',
		default: '',
		placeholder: 'Check my order',
		description: 'On the button that picks this action when a message could mean two; empty uses the name, readable ("order_status" → "Order status")',
	},
	{
		displayName: 'Confirmation Question',
		name: 'confirmation',
		type: 'string',
		default: '',
		placeholder: 'Cancel order {{fields.order_id}}?',
		description: 'Asked with Yes/No buttons before the action runs (a template). Empty runs it without asking.',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		placeholder: 'Unsubscribe the visitor from a mailing list',
		description: 'When to use this action (the intent model learns from it too)',
	},
	{
		displayName: 'Example Phrases',
		name: 'examples',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'stop sending me emails\nunsubscribe me\nI want off your newsletter',
		description: 'One per line: what visitors say when they want this',
		hint: 'With a description alone, about three clear requests in four are recognised; with ten examples, more than nine in ten (BENCHMARKS.md)',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: {},
		options: [{ name: 'field', displayName: 'Field', values: fieldProperties }],
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'unsubscribe',
		description: "Also the output's name and the tag action:&lt;name&gt;",
	},
	{
		displayName: 'Start From Button IDs',
		name: 'buttonIds',
		type: 'string',
		default: '',
		placeholder: 'unsubscribe, stop_emails',
		description: 'Comma-separated button action IDs that start this action',
	},
	{
		displayName: 'Start From Intent',
		name: 'onIntent',
		type: 'boolean',
		default: true,
		description: 'Whether a message that means this action starts it',
	},
	{
		displayName: 'Start From Lead Form',
		name: 'onLead',
		type: 'boolean',
		default: false,
		description: 'Whether a lead_captured event starts this action',
	},
];

/** What the router does with each item: route a chat turn (its purpose), or erase a conversation's state. */
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
		description:
			"Whose state to erase, from the Conversation State below, in this workflow's scope (the router keeps state per workflow: put this on a branch of the chat's own workflow)",
		displayOptions: { show: { operation: ['forget'] } },
	},
];

/** Shown only when routing: merged into the property's own displayOptions. */
function whenRouting(property: INodeProperties): INodeProperties {
	const show = { ...(property.displayOptions?.show ?? {}), operation: ['route'] };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

const routingProperties: INodeProperties[] = [
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
				description: "The items of this package's Chat Action Trigger or of n8n's own Chat Trigger, read as they are",
			},
			{
				name: 'Define Below',
				value: 'define',
				description: 'For any other trigger (Telegram, WhatsApp, Slack, a Webhook): point at the message and the conversation',
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
		description: "The visitor's message, as an expression on the trigger's item (the README lists them for Telegram, WhatsApp and Slack)",
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
};

const routingOptions: INodeProperties[] = [
	personalDataProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// The numeric defaults are ROUTER_DEFAULTS, which the node also falls back to; the rule
		// below recognises only literals.
		/* eslint-disable n8n-nodes-base/node-param-default-missing */
		options: [
			{ displayName: 'Cancelled Reply', name: 'cancelledReply', type: 'string', default: DEFAULT_REPLIES.cancelled },
			{
				displayName: 'Confidence Threshold',
				name: 'threshold',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: ROUTER_DEFAULTS.threshold,
				description:
					'Below this a message matches no action: raise it to refuse more off-topic messages, lower it to route more borderline requests (BENCHMARKS.md has the trade-off per router size)',
			},
			{
				displayName: 'Default Phone Country',
				name: 'defaultCountry',
				type: 'string',
				default: '',
				placeholder: 'GB',
				description: 'For phone numbers written without a country code (ISO 3166 code)',
			},
			{
				displayName: 'Escalation Reply',
				name: 'escalatedReply',
				type: 'string',
				default: DEFAULT_REPLIES.escalated,
				description: 'Said when the re-ask limit is reached (with a handoff)',
			},
			{
				displayName: 'Forget After (Minutes)',
				name: 'ttlMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: ROUTER_DEFAULTS.ttlMinutes,
				description: 'How long an unfinished conversation is remembered',
			},
			{
				displayName: 'Hybrid: Ask the Chat Model Below',
				name: 'hybridBelow',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: ROUTER_DEFAULTS.hybridBelow,
				description: "In Hybrid mode, the embedded model's top score under which the chat model decides instead (and on a tie)",
			},
			{
				displayName: 'Max Re-Asks',
				name: 'maxReasks',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: ROUTER_DEFAULTS.maxReasks,
				description: 'How often an invalid answer is asked again before handing over',
			},
			{
				displayName: 'No Match Reply',
				name: 'noMatchReply',
				type: 'string',
				default: DEFAULT_REPLIES.noMatch,
				description: 'Said when a message asks for none of the actions (no handoff)',
			},
			{
				displayName: 'State Unavailable Reply',
				name: 'stateUnavailableReply',
				type: 'string',
				default: DEFAULT_REPLIES.stateUnavailable,
				description: 'Said when the conversation state cannot be read or saved (e.g. Redis is down); the turn goes to No Match',
			},
			{
				displayName: 'Tie Margin',
				name: 'tieMargin',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: ROUTER_DEFAULTS.tieMargin,
				description: 'Two actions closer than this: ask which one was meant',
			},
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Paris',
				description: "For relative dates; empty uses the workflow's time zone",
			},
		],
		/* eslint-enable n8n-nodes-base/node-param-default-missing */
	},
];

export const actionRouterProperties: INodeProperties[] = [
	operationProperty,
	...forgetProperties,
	...routingProperties.map(whenRouting),
	stateStoreProperty,
	...routingOptions.map(whenRouting),
];
