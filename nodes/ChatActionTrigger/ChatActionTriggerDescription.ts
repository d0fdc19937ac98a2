import type { INodeProperties } from 'n8n-workflow';

import { AUTHENTICATION_METHODS } from '../shared/authentication';
import { personalDataProperty, personalDataResponseNotice } from '../shared/personal-data-node';

export const chatActionTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'support-chat',
		description: 'The webhook path the chat widget posts to: /webhook/&lt;path&gt;',
	},
	{
		displayName: 'Verification',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Chatwoot Signature',
				value: 'chatwoot',
				description: "X-Chatwoot-Signature with the agent bot's webhook secret (Chatwoot credential; Chatwoot 4.13 or later)",
			},
			{ name: 'None', value: 'none' },
			{ name: AUTHENTICATION_METHODS.bearer.displayName, value: 'bearer', description: 'Authorization: Bearer &lt;token&gt;' },
			{ name: AUTHENTICATION_METHODS.header.displayName, value: 'header' },
			{ name: AUTHENTICATION_METHODS.basic.displayName, value: 'basic' },
			{
				name: AUTHENTICATION_METHODS.hmac.displayName,
				value: 'hmac',
				description: 'X-Signature: sha256=HMAC(secret, "&lt;X-Timestamp&gt;.&lt;raw body&gt;")',
			},
			{
				name: 'Telegram Secret Token',
				value: 'telegram',
				description: 'X-Telegram-Bot-Api-Secret-Token: the secret_token the webhook was registered with (Telegram credential)',
			},
			{
				name: 'WhatsApp Signature',
				value: 'whatsapp',
				description: "X-Hub-Signature-256 with the app secret; also answers Meta's GET check with the verify token (WhatsApp credential)",
			},
		],
		default: 'none',
		description: 'How a request proves it comes from your widget or backend. Refused requests get 401/403 and start no execution.',
	},
	{
		displayName: 'Payload Format',
		name: 'dialect',
		type: 'options',
		options: [
			{ name: 'Chat Actions JSON', value: 'native', description: 'The chat turn itself' },
			{
				name: 'Chat Trigger Widget',
				value: 'n8nChat',
				description: 'The embedded chat widget of n8n (@n8n/chat): {action, sessionId, chatInput, metadata}',
			},
			{
				name: 'Chatwoot Agent Bot',
				value: 'chatwoot',
				description: "Chatwoot's agent bot webhook: incoming messages and picked options; answered at once, replies go through Chat Reply",
			},
			{ name: 'Detect Automatically', value: 'auto' },
			{ name: 'DGbot Envelope', value: 'dgbot', description: '{action_id, conversation_id, chatbot_id, trigger, payload, metadata}' },
			{ name: 'Helpdesk Contact Context', value: 'helpdesk', description: '{message, conversation, contact, user, organization}' },
			{
				name: 'Telegram Update',
				value: 'telegram',
				description: 'A Telegram bot webhook (messages, button presses); answered at once, replies go through Chat Reply',
			},
			{
				name: 'WhatsApp Cloud API',
				value: 'whatsapp',
				description: "Meta's WhatsApp webhook (messages, button and list replies); answered at once, replies go through Chat Reply",
			},
		],
		default: 'auto',
	},
	{
		displayName: 'Respond',
		name: 'responseMode',
		type: 'options',
		options: [
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description: 'Answers with the last item\'s "reply" ({message, buttons, links, handoff, tags, data})',
			},
			{
				name: 'Using a Chat Reply Node',
				value: 'responseNode',
				description: 'A Chat Reply (or Respond to Webhook) node answers, in the widget\'s own reply format',
			},
			{
				name: 'Immediately',
				value: 'onReceived',
				description: 'Acknowledges at once; the flow runs on its own',
			},
			{
				name: 'Streaming',
				value: 'streaming',
				description:
					'Chat Reply (or an AI Agent) streams the answer to @n8n/chat with "enableStreaming"; other widgets get it as one reply',
			},
		],
		default: 'lastNode',
		// A channel reads no reply from its webhook's answer: it is answered at once.
		displayOptions: { hide: { dialect: ['chatwoot', 'telegram', 'whatsapp'] } },
	},
	{
		displayName: 'Conversation State',
		name: 'stateStore',
		type: 'options',
		options: [
			{
				name: 'In Memory',
				value: 'memory',
				description: "Rate limits, replays and resends are counted in this n8n process; previous sessions, the review list and the counts come from the router's memory",
			},
			{
				name: 'Redis',
				value: 'redis',
				description:
					"Counted once for every n8n process that takes webhooks (queue mode, restarts); previous sessions, the review list and the counts from the router's Redis state. Use the Action Router's credential.",
			},
		],
		default: 'memory',
		description:
			"Set it as the Action Router's Conversation State (the same Redis credential for Redis): Load Previous Session and the Review and Insight pages read what the router keeps there",
	},
	personalDataProperty,
	personalDataResponseNotice,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// Each default is written out (n8n's scanner reads only literals) and equals the one the node
		// falls back to, in TRIGGER_DEFAULTS: test/unit/description-defaults.test.ts keeps them equal.
		options: [
			{
				displayName: 'Accept Files',
				name: 'acceptFiles',
				type: 'boolean',
				default: false,
				description:
					'Whether a message may carry files (multipart/form-data, as @n8n/chat sends with "allowFileUploads"). They reach the flow as binary data0, data1… and are listed in the turn\'s "files".',
			},
			{
				displayName: 'Acknowledgement',
				name: 'acknowledgement',
				type: 'string',
				default: 'Thanks, we got your message.',
				description: 'The reply when responding immediately',
			},
			{
				displayName: 'Allowed File Types',
				name: 'allowedFileTypes',
				type: 'string',
				default: 'image/*, application/pdf, text/plain, text/csv',
				description: 'Comma-separated MIME types (image/* for a family, * for any), as the browser declares them. Other files get 415.',
				displayOptions: { show: { acceptFiles: [true] } },
			},
			{
				displayName: 'DGbot Message Keys',
				name: 'messageKeys',
				type: 'string',
				default: 'message, text, user_message',
				description: "Where a DGbot payload carries the visitor's text, comma-separated, first found wins: DGbot's payload is yours to define",
				displayOptions: { show: { '/dialect': ['dgbot', 'auto'] } },
			},
			{
				displayName: 'Load Previous Session',
				name: 'loadPreviousSession',
				type: 'boolean',
				default: false,
				description:
					"Whether @n8n/chat's history request gets the conversation's thread as the Action Router keeps it (from Conversation State), so a reload shows it. Only the visitor who started the conversation (same visitor ID, else same address and browser) gets its thread.",
			},
			{
				displayName: 'Max Body Size (KB)',
				name: 'maxBodySize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 64,
				description: 'Larger requests get 413 and start no execution',
			},
			{
				displayName: 'Max File Size (KB)',
				name: 'maxFileSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5120,
				description: 'Per file. Larger files get 413 and start no execution.',
				displayOptions: { show: { acceptFiles: [true] } },
			},
			{
				displayName: 'Max Files per Message',
				name: 'maxFiles',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5,
				displayOptions: { show: { acceptFiles: [true] } },
			},
			{
				displayName: 'Rate Limit (Messages per Minute)',
				name: 'rateLimit',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description:
					'Per conversation ID and per visitor ID, whichever is reached first. More gets 429 with the reply below and starts no execution. Counted where Conversation State says. 0 turns it off.',
			},
			{
				displayName: 'Rate Limit per Address (Messages per Minute)',
				name: 'addressRateLimit',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 120,
				description:
					"Per client address as n8n sees it (behind a proxy, set n8n's N8N_PROXY_HOPS). Holds a client that sends new conversation and visitor IDs with every message. More gets 429 with the reply below. 0 turns it off.",
			},
			{
				displayName: 'Rate Limit Reply',
				name: 'rateLimitReply',
				type: 'string',
				default: "You're sending messages faster than I can answer. Please wait a moment and try again.",
			},
			{
				displayName: 'Review and Insight Pages',
				name: 'ownerPages',
				type: 'boolean',
				default: false,
				description:
					"Whether this URL also serves the flow owner's pages: ?page=review lists the messages the Action Router was unsure about (its Keep a Review List option) to assign to an action, and ?page=insight charts outcomes per action and day (its Count Outcomes option). Only behind the trigger's authentication: set Verification to Basic Auth, Bearer Token or API Key in a Header; the Conversation State must be the router's.",
				hint: "Open this trigger's production URL with ?page=review or ?page=insight (test URLs stop after one request)",
			},
			{
				displayName: 'Show Why on Test Page',
				name: 'showWhy',
				type: 'boolean',
				default: false,
				description:
					"Whether the test chat page offers a Why panel (off until turned on in the page): for each reply, the router's step, its ranking against the threshold, the words and nearest examples that decided, the fields and why a value was refused. Only behind the trigger's authentication: set Verification to Basic Auth, Bearer Token or API Key in a Header.",
				displayOptions: { show: { playground: [true] } },
			},
			{
				displayName: 'Signature Window (Seconds)',
				name: 'signatureWindow',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'How old a signed request\'s timestamp may be',
			},
			{
				displayName: 'Test Chat Page',
				name: 'playground',
				type: 'boolean',
				default: false,
				description:
					"Whether a GET on the trigger's URL serves a small test chat page. Behind a Bearer Token or API Key in a Header the page asks for the key once per browser tab. Meant for trying a flow; keep it off for production flows.",
			},
			{
				displayName: 'Test Chat Page Title',
				name: 'playgroundTitle',
				type: 'string',
				default: 'Chat Actions test chat',
			},
		],
	},
];
