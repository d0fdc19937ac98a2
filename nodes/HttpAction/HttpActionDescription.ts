import type { INodeProperties } from 'n8n-workflow';

import { personalDataProperty } from '../shared/personal-data-node';
import { HTTP_METHODS } from './engine/request';
import { AUTHENTICATIONS } from './authentication';

const TEMPLATE_HINT =
	'A Handlebars template: {{user_email}}, {{fields.order_id}}, {{contact.name}}… Keep the field in Fixed mode: values are escaped for where they land.';

function nameValueCollection(name: string, displayName: string, placeholder: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder,
		default: {},
		options: [
			{
				name: 'entries',
				displayName: 'Entry',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', hint: TEMPLATE_HINT },
				],
			},
		],
	};
}

export const httpActionProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: Object.values(AUTHENTICATIONS).map((auth) => ({ name: auth.displayName, value: auth.name })),
		default: 'none',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: HTTP_METHODS.map((method) => ({ name: method, value: method })),
		default: 'POST',
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://api.example.com/orders/{{fields.order_id}}',
		description:
			"The address to call. A URL starting with / is sent to the credential's Base URL. Values in the path and query are percent-encoded.",
		hint: TEMPLATE_HINT,
	},
	nameValueCollection('queryParameters', 'Query Parameters', 'Add Query Parameter'),
	nameValueCollection('headerParameters', 'Headers', 'Add Header'),
	{
		displayName: 'Body',
		name: 'bodyType',
		type: 'options',
		displayOptions: { hide: { method: ['GET'] } },
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'JSON', value: 'json' },
			{ name: 'Form Fields', value: 'form' },
			{ name: 'Raw Text', value: 'raw' },
		],
		default: 'json',
	},
	{
		displayName: 'JSON Body',
		name: 'jsonBody',
		type: 'string',
		typeOptions: { rows: 6 },
		displayOptions: { show: { bodyType: ['json'] }, hide: { method: ['GET'] } },
		default: '{\n  "email": "{{user_email}}",\n  "message": "{{user_message}}"\n}',
		description:
			'JSON with {{variables}}. Inside quotes a value is JSON-escaped; outside quotes it is inserted as a JSON value (numbers, booleans, objects).',
		hint: TEMPLATE_HINT,
	},
	{
		...nameValueCollection('formFields', 'Form Fields', 'Add Field'),
		displayOptions: { show: { bodyType: ['form'] }, hide: { method: ['GET'] } },
	},
	{
		displayName: 'Raw Body',
		name: 'rawBody',
		type: 'string',
		typeOptions: { rows: 4 },
		displayOptions: { show: { bodyType: ['raw'] }, hide: { method: ['GET'] } },
		default: '',
		hint: TEMPLATE_HINT,
	},
	{
		displayName: 'Content Type',
		name: 'rawContentType',
		type: 'string',
		displayOptions: { show: { bodyType: ['raw'] }, hide: { method: ['GET'] } },
		default: 'text/plain',
	},
	{
		displayName: 'Reply Template',
		name: 'replyTemplate',
		type: 'string',
		typeOptions: { rows: 2 },
		default: 'Done.',
		placeholder: 'Your order {{data.order_number}} is {{data.status}}.',
		description:
			"The visitor's reply when the response has no \"message\" field. Sees {{data}} (the body's \"data\", or the whole body), {{response}}, {{status}} and the turn's variables.",
	},
	{
		displayName: 'On Failure',
		name: 'onFailure',
		type: 'options',
		options: [
			{
				name: 'Route to Error Output',
				value: 'errorOutput',
				description: 'The item, with a reply for the visitor and the error, goes to the Error output',
			},
			{
				name: 'Stop the Workflow',
				value: 'stop',
				description: "Fail the node (n8n's Settings → On Error still applies)",
			},
		],
		default: 'errorOutput',
		description:
			'What happens after retries when the API times out, cannot be reached, answers 4xx/5xx or an unusable body',
	},
	personalDataProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// Each default is written out (n8n's scanner reads only literals) and equals the one the node
		// falls back to, in HTTP_ACTION_DEFAULTS and DEFAULT_FAILURE_MESSAGE: test/unit/description-defaults.test.ts keeps them equal.
		options: [
			{
				displayName: 'Allowed Hosts',
				name: 'allowedHosts',
				type: 'string',
				default: '',
				placeholder: 'api.example.com, *.example.org',
				description: 'Comma-separated host names this action may call. Empty allows any host.',
			},
			{
				displayName: 'Block Private Addresses',
				name: 'blockPrivateAddresses',
				type: 'boolean',
				default: false,
				description:
					'Whether to refuse hosts that resolve to private, loopback or link-local addresses (cloud metadata endpoints included)',
			},
			{
				displayName: 'Compose Reply With Model',
				name: 'composeReply',
				type: 'boolean',
				default: false,
				description:
					"Whether a chat model connected to the Model input phrases the API's data as the reply. The Reply Template's text is kept when the model fails or states a number, email or link the data does not hold.",
			},
			{
				displayName: 'Compose Tone',
				name: 'composeTone',
				type: 'string',
				default: 'friendly, clear and brief',
				description: 'How the composed reply should sound (with Compose Reply With Model)',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to output the rendered request (credentials hidden) in "request" without sending it',
			},
			{
				displayName: 'Failure Message',
				name: 'failureMessage',
				type: 'string',
				default: "Sorry, I couldn't complete that right now. I've passed it on to a teammate, who will follow up.",
				description: "What the visitor reads when the action fails (a template; unchanged: said in the language the Action Router found)",
			},
			{
				displayName: 'Hand Over on Failure',
				name: 'handoffOnFailure',
				type: 'boolean',
				default: true,
				description: 'Whether a failed action marks the reply for a human to take over (reply.handoff)',
			},
			{
				displayName: 'Idempotency Key Header',
				name: 'idempotencyHeader',
				type: 'string',
				default: 'Idempotency-Key',
				description:
					'Header carrying a key derived from the conversation, action and request, sent with POST and PATCH so retries and re-runs are not applied twice. Empty sends none, and POST/PATCH are then never retried.',
			},
			{
				displayName: 'Keep Response Fields',
				name: 'keepFields',
				type: 'string',
				default: '',
				placeholder: 'data.order_number, data.status',
				description: 'Comma-separated paths in the response body copied into "response.fields" for later nodes',
			},
			{
				displayName: 'Max Response Size (KB)',
				name: 'maxResponseSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024,
				description:
					'A longer answer is not read: it goes to the Error output as an invalid response, so one oversized answer cannot fill memory or every saved execution',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 2,
				description:
					'Retries after a timeout, a network error, 429 or 5xx (exponential backoff, Retry-After honoured). 0 never retries.',
			},
			{
				displayName: 'Max Retry Delay (Seconds)',
				name: 'maxRetryDelay',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description: 'The longest single wait; a Retry-After asking for more ends the retries',
			},
			{
				displayName: 'Max Retry Time (Seconds)',
				name: 'maxRetryTime',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'No retry starts later than this after the first attempt',
			},
			{
				displayName: 'Missing Variables',
				name: 'missingVariables',
				type: 'options',
				options: [
					{ name: 'Fail With an Error Naming the Variable', value: 'error' },
					{ name: 'Render as Empty', value: 'empty' },
				],
				default: 'error',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description: 'How long one attempt may take',
			},
			{
				displayName: 'Use API Error Messages',
				name: 'useApiErrorMessages',
				type: 'boolean',
				default: true,
				description:
					'Whether a 400, 404, 409 or 422 answer\'s own "message" is shown to the visitor instead of the failure message',
			},
			{
				displayName: 'Wrap in DGbot Envelope',
				name: 'envelope',
				type: 'boolean',
				default: false,
				description:
					'Whether to send {action_id, conversation_id, chatbot_id, trigger, payload, metadata} with the body as payload',
			},
		],
	},
];
