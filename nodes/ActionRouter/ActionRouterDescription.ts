import type { INodeProperties } from 'n8n-workflow';

import { personalDataProperty } from '../shared/personal-data-node';
import { actionProperties } from './ActionDescription';

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
		// Each default is written out (n8n's scanner reads only literals) and equals the one the node
		// falls back to, in ROUTER_DEFAULTS and DEFAULT_REPLIES: test/unit/description-defaults.test.ts keeps them equal.
		options: [
			{ displayName: 'Cancelled Reply', name: 'cancelledReply', type: 'string', default: "OK, I've cancelled that." },
			{
				displayName: 'Confidence Threshold',
				name: 'threshold',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.2,
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
				default: "I'm having trouble getting that right, so I'm passing you to a teammate.",
				description: 'Said on the Hand Over output when the re-ask limit is reached',
			},
			{
				displayName: 'Escalation Reply Without Hand Over',
				name: 'escalatedAloneReply',
				type: 'string',
				default: "Sorry, I'm having trouble getting that right. Let's start again.",
				description: 'Said on No Match when the re-ask limit is reached and the node has no Hand Over output (followed by what the bot can do)',
			},
			{
				displayName: 'Forget After (Minutes)',
				name: 'ttlMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description: 'How long an unfinished conversation is remembered',
			},
			{
				displayName: 'Hand Over Output',
				name: 'handoffOutput',
				type: 'boolean',
				default: false,
				description:
					'Whether the node gets a Hand Over output for the turns a person should take: the re-ask limit, and a visitor asking for a person. Wire it to what hands over (a ticket, a help desk). Without it the router never promises a person.',
			},
			{
				displayName: 'Hybrid: Ask the Chat Model Below',
				name: 'hybridBelow',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.4,
				description: "In Hybrid mode, the embedded model's top score under which the chat model decides instead (and on a tie)",
			},
			{
				displayName: 'Max Re-Asks',
				name: 'maxReasks',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 3,
				description: 'How often an invalid answer is asked again before handing over',
			},
			{
				displayName: 'No Match Reply',
				name: 'noMatchReply',
				type: 'string',
				default: "Sorry, I can't help with that here.",
				description: 'Said when a message asks for none of the actions (no handoff)',
			},
			{
				displayName: 'Reply: Acknowledgement',
				name: 'acknowledgementReply',
				type: 'string',
				default: "OK.",
				description: "To \"ok\", \"got it\", \"cool\"",
			},
			{
				displayName: 'Reply: Anything Else',
				name: 'anythingElseReply',
				type: 'string',
				default: "Anything else I can help with?",
				description: "After thanks and acknowledgements",
			},
			{
				displayName: 'Reply: Are You a Bot',
				name: 'botReply',
				type: 'string',
				default: "I'm an automated assistant.",
				description: "To \"are you a bot?\", \"is this a real person?\"",
			},
			{
				displayName: 'Reply: Asked Something Else',
				name: 'asideReply',
				type: 'string',
				default: "Sorry, I can't answer that here.",
				description: "To a question about something else while a field is asked (No Match, reason \"aside\"); the question asked follows",
			},
			{
				displayName: 'Reply: Goodbye',
				name: 'goodbyeReply',
				type: 'string',
				default: "Thanks for chatting. Bye!",
				description: "To \"bye\", \"that is all\"",
			},
			{
				displayName: 'Reply: Greeting',
				name: 'greetingReply',
				type: 'string',
				default: "Hi!",
				description: "To \"hello\", \"anyone there?\"",
			},
			{
				displayName: 'Reply: Help While Asking',
				name: 'helpWhileAskingReply',
				type: 'string',
				default: "Or say \"cancel\" to do something else.",
				description: "After the question asked again, when the visitor says \"help\" in the middle of it",
			},
			{
				displayName: 'Reply: Hesitation',
				name: 'hesitationReply',
				type: 'string',
				default: "No rush.",
				description: "To \"hmm, let me check\" while a field is asked; the question asked follows",
			},
			{
				displayName: 'Reply: I Can Help With',
				name: 'canHelpWithReply',
				type: 'string',
				default: "Here's what I can do:",
				description: "Before one button per action (after No Match, a greeting, \"what can you do?\")",
			},
			{
				displayName: 'Reply: No Person Available',
				name: 'noPersonReply',
				type: 'string',
				default: "I can't pass you to a person in this chat.",
				description: "To \"I want a person\" when the node has no Hand Over output",
			},
			{
				displayName: 'Reply: Offer an Earlier Value',
				name: 'offerEarlierValueReply',
				type: 'string',
				default: "Use {value}?",
				description: "Offers a value the visitor gave earlier in the conversation for the field asked; {value} is the value",
			},
			{
				displayName: 'Reply: Passing to a Person',
				name: 'personReply',
				type: 'string',
				default: "OK, I'm passing you to a teammate.",
				description: "To \"I want a person\", on the Hand Over output",
			},
			{
				displayName: 'Reply: Thanks',
				name: 'thanksReply',
				type: 'string',
				default: "You're welcome!",
				description: "To \"thanks\", \"cheers\"",
			},
			{
				displayName: 'Reply: Value Alone',
				name: 'valueAloneReply',
				type: 'string',
				default: 'What would you like me to do with that?',
				description: 'To a message that is only a value ("lina@park.dev"), before what the bot can do',
			},
			{
				displayName: 'Start From a Value Alone',
				name: 'startFromValue',
				type: 'boolean',
				default: false,
				description:
					'Whether a message that is only a value ("lina@park.dev", "12345") starts the one action that expects such a value. Off: the visitor is asked what to do with it, and the value is kept for the action they pick.',
			},
			{
				displayName: 'State Unavailable Reply',
				name: 'stateUnavailableReply',
				type: 'string',
				default: "Sorry, I can't continue our conversation right now. Please try again in a minute.",
				description: 'Said when the conversation state cannot be read or saved (e.g. Redis is down); the turn goes to No Match',
			},
			{
				displayName: 'Tie Margin',
				name: 'tieMargin',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.05,
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
	},
];

export const actionRouterProperties: INodeProperties[] = [
	operationProperty,
	...forgetProperties,
	...routingProperties.map(whenRouting),
	stateStoreProperty,
	...routingOptions.map(whenRouting),
];
