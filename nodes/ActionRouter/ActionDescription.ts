/** One action of the Action Router as the editor shows it: its name, how it starts, its fields. */
import type { INodeProperties } from 'n8n-workflow';

const fieldProperties: INodeProperties[] = [
	{
		displayName: 'Date Is',
		name: 'dateIs',
		type: 'options',
		options: [
			{ name: 'Any', value: 'any', description: 'A weekday or a day and month alone is the next one; "last Friday" or "yesterday" stays in the past' },
			{ name: 'In the Future', value: 'future', description: 'An appointment: a weekday or day and month alone is the next one, a past date is refused' },
			{ name: 'In the Past', value: 'past', description: 'A birthday or an order date: a weekday or day and month alone is the last one, a future date is refused' },
		],
		default: 'any',
		displayOptions: { show: { type: ['date'] } },
		description: 'Which side of today the date is on; today is on both',
	},
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
		displayName: 'Reuse an Earlier Value',
		name: 'reuse',
		type: 'options',
		options: [
			{ name: 'Offer It', value: 'offer', description: 'Ask "Use ada@example.com?" first; a yes takes it' },
			{ name: 'Use It', value: 'use', description: 'Take it without asking' },
			{ name: 'Never', value: 'never', description: 'Ask every time, and keep nothing of this field for later actions' },
		],
		default: 'offer',
		description: 'A value the visitor gave earlier in the conversation for a field of the same name and type (their email for another action)',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{
				name: 'Date',
				value: 'date',
				description:
					'An ISO date (2026-12-03) from "tomorrow", "next Friday" or 04/03/2026 in the visitor\'s language; 04/03 is the 4th of March where the language writes the day first, and in English the 3rd of April unless the Default Phone Country writes the day first (GB)',
			},
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

export const actionProperties: INodeProperties[] = [
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
