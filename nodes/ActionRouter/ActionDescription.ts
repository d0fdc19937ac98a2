/**
 * One action of the Action Router as the editor shows it. n8n's editor lays a fixedCollection's
 * values out in the order they are listed here, so the order is the point: an action reads
 * name, label and description first, then how it starts, its fields, and the confirmation that
 * comes after them; a field reads name, type, question and whether it is required, then what
 * only its type uses, then the rest: the order in which the visitor meets them. (n8n's lint
 * wants items alphabetised only in a fixedCollection's literal `values: [...]`, which these
 * lists are not.) A parameter's `name` and values are what saved workflows hold: never renamed.
 */
import type { INodeProperties } from 'n8n-workflow';

/** Shown only for a field of one of these types: its value means nothing to the others. */
const forTypes = (...types: string[]) => ({ show: { type: types } });

const fieldProperties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'email',
		description: 'An Email or Phone Number field, and one named "name", start from what the chat knows of the visitor',
		hint: 'In the item as fields.&lt;name&gt;, in a template as {{fields.&lt;name&gt;}}',
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
			{ name: 'Email', value: 'email', description: 'Found in a sentence and lower-cased: "my email is Ada@Example.com" → ada@example.com' },
			{ name: 'Number', value: 'number', description: '"5k", "12,500", "3,5" in German: 5000, 12500, 3.5' },
			{ name: 'One of a List', value: 'enum', description: 'One of the Options, offered as buttons; a typo or part of an option\'s name is enough' },
			{ name: 'Pattern (Regex)', value: 'regex', description: 'A value of the shape the Pattern gives (an order or invoice number)' },
			{ name: 'Phone Number', value: 'phone', description: 'In international form (+447700900123); without a country code, read in the Default Phone Country' },
			{ name: 'Text', value: 'text', description: 'The answer as written, less a lead-in that restates the field\'s name ("my name is Ana" → "Ana")' },
			{ name: 'Web Address', value: 'url', description: '"www.example.com/blog" → https://www.example.com/blog' },
			{ name: 'Whole Number', value: 'integer', description: 'A number without decimals' },
		],
		default: 'text',
	},
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		default: '',
		placeholder: 'What email address are you subscribed with?',
		description: 'Asked when the value is missing. Say what is wanted ("What is your order number? It has 5 digits."). Empty asks "What is your &lt;name&gt;?".',
	},
	{
		displayName: 'Required',
		name: 'required',
		type: 'boolean',
		default: true,
		description: 'Whether the action waits for this value; an optional field is taken when the visitor gives it and never asked for',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Weekly digest, Product news, Offers',
		description: 'The choices, separated by commas: offered as buttons, and the value is the option as written here',
		displayOptions: forTypes('enum'),
	},
	{
		displayName: 'Pattern',
		name: 'pattern',
		type: 'string',
		default: '',
		required: true,
		placeholder: '^INV-[0-9]{5}$',
		description:
			'A regular expression for the shape of a whole value, anchored or not. The answer, or a word or a few words of a message, must match all of it: "resend INV-20417?" gives INV-20417, and a longer value is refused, never cut. Letter case is ignored.',
		displayOptions: forTypes('regex'),
	},
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
		displayOptions: forTypes('date'),
		description: 'Which side of today the date is on; today is on both',
	},
	{
		displayName: 'Invalid Value Message',
		name: 'invalidMessage',
		type: 'string',
		default: '',
		description: "Said, with the question again, when an answer is not a valid value; empty uses the type's own message in the visitor's language",
	},
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
];

export const actionProperties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'unsubscribe',
		description: "The action's output is named after it, the item says it in action.name, and the reply gets the tag action:&lt;name&gt;",
	},
	{
		displayName: 'Button Label',
		name: 'label',
		type: 'string',
		default: '',
		placeholder: 'Unsubscribe me',
		description: 'On the button that picks this action when a message could mean two, and in the list of what the bot can do; empty uses the name, readable ("order_status" → "Order status")',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		placeholder: 'Unsubscribe the visitor from a mailing list',
		description: 'When to use this action, in one sentence: the intent model learns from it, and a chat model reads it',
	},
	{
		displayName: 'Example Phrases',
		name: 'examples',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'stop sending me emails\nunsubscribe me\nI want off your newsletter',
		description: 'One per line: what visitors say when they want this, in their words and languages',
		hint: 'With a description alone about three clear requests in four are routed right; with ten examples, more than nine in ten. The option Keep a Review List collects the ones visitors really write.',
	},
	{
		displayName: 'Start From Intent',
		name: 'onIntent',
		type: 'boolean',
		default: true,
		description: 'Whether a message that means this action starts it',
	},
	{
		displayName: 'Start From Button IDs',
		name: 'buttonIds',
		type: 'string',
		default: '',
		placeholder: 'unsubscribe, stop_emails',
		description: "Comma-separated action IDs of your widget's buttons that start this action",
	},
	{
		displayName: 'Start From Lead Form',
		name: 'onLead',
		type: 'boolean',
		default: false,
		description: 'Whether a lead form sent by the widget (a lead_captured event) starts this action, its fields filled from the form',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: {},
		description: 'The values the action needs, asked in this order; drag to reorder',
		options: [{ name: 'field', displayName: 'Field', values: fieldProperties }],
	},
	{
		displayName: 'Confirmation Question',
		name: 'confirmation',
		type: 'string',
		default: '',
		placeholder: 'Cancel order {{fields.order_id}}?',
		description: 'Asked with Yes/No buttons once the fields are in, before the action runs (a template). Empty runs it without asking.',
	},
];
