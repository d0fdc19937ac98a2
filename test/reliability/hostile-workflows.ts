/**
 * The flows and credentials of the bad-input / injection / faults / secrets suite, all in one
 * real n8n. Secrets here are test values, not real secrets; the suite searches n8n's saved
 * executions and logs for each of them.
 */
import { HMAC_SECRET, SHOP, TRIGGER_CREDENTIALS, TRIGGER_WORKFLOWS } from '../e2e/trigger-workflows';
import { node, triggerNode, workflow } from '../../toolkit/n8n/workflows';

export const BEARER_TOKEN = 'rel-bearer-token-5f1c9a7e';
export const HEADER_API_KEY = 'rel-header-apikey-83b2d6c4';
export const BASIC_USER = 'rel-basic-user';
export const BASIC_PASSWORD = 'rel-basic-password-2e7a91f0';
export { HMAC_SECRET, SHOP };

/** Every credential secret the flows use, by what it is. */
export const SECRETS: Record<string, string> = {
	'bearer token': BEARER_TOKEN,
	'header API key': HEADER_API_KEY,
	'basic password': BASIC_PASSWORD,
	'basic user:password (base64)': Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64'),
	'HMAC secret': HMAC_SECRET,
};

const BEARER = { id: 'relBearerCred01', name: 'Orders API (bearer)' };
const HEADER = { id: 'relHeaderCred01', name: 'Records API (header)' };
const BASIC = { id: 'relBasicCred001', name: 'Orders API (basic)' };

export function credentials(urls: { records: string; orders: string }) {
	return [
		...TRIGGER_CREDENTIALS,
		{ ...BEARER, type: 'chatActionsBearerApi', data: { token: BEARER_TOKEN, baseUrl: urls.orders } },
		{ ...HEADER, type: 'chatActionsHeaderApi', data: { headerName: 'X-Api-Key', apiKey: HEADER_API_KEY, baseUrl: urls.records } },
		{ ...BASIC, type: 'chatActionsBasicApi', data: { user: BASIC_USER, password: BASIC_PASSWORD, baseUrl: urls.orders } },
	];
}

export const PATHS = { open: 'rel-fuzz-open', signed: 'chat-signed', cors: 'chat-cors', injection: 'rel-injection', orders: 'rel-orders', status: 'rel-status' };

/** The fuzz targets: an open flow that replies to every valid event, plus the e2e signed and CORS flows. */
const FUZZ_WORKFLOWS = [
	workflow('relFuzzOpen', 'Reliability: open', [
		triggerNode('relFuzzOpen', { path: PATHS.open, responseMode: 'responseNode', options: { addressRateLimit: 0 } }),
		node('relFuzzOpen', 'Chat Reply', 'chatReply', { message: 'Got: {{default user_message "(no text)"}}' }),
	], [['Chat Action Trigger', 'Chat Reply']]),
	...TRIGGER_WORKFLOWS.filter((wf) => wf.id === 'triggerSigned' || wf.id === 'triggerCors'),
];
export const FUZZ_WORKFLOW_IDS = FUZZ_WORKFLOWS.map((wf) => wf.id);

const text = (name: string, question: string) => ({ name, question, type: 'text', required: true });

/**
 * Trigger → Action Router (a lead form fills three text fields) → HTTP Action, whose
 * templates put the fields and the raw message into a path segment, the query, a header and
 * a JSON body.
 */
const INJECTION_WORKFLOW = workflow('relInjection', 'Reliability: injection', [
	triggerNode('relInjection', { path: PATHS.injection, responseMode: 'responseNode', options: { rateLimit: 0, addressRateLimit: 0 } }),
	node('relInjection', 'Action Router', 'actionRouter', {
		actions: {
			action: [
				{
					name: 'relay',
					description: 'Pass a note on to the team',
					examples: 'pass this on\nleave a note for the team',
					onIntent: false,
					onLead: true,
					fields: { field: [text('segment', 'Which record?'), text('note', 'What is the note?'), text('tag', 'Which tag?')] },
				},
			],
		},
	}),
	node('relInjection', 'Relay', 'httpAction', {
		authentication: 'header',
		method: 'POST',
		url: '/records/{{fields.segment}}/items?q={{fields.note}}',
		queryParameters: { entries: [{ name: 'm', value: '{{user_message}}' }, { name: 'tag', value: '{{fields.tag}}' }] },
		headerParameters: { entries: [{ name: 'X-Note', value: '{{fields.note}}' }] },
		bodyType: 'json',
		jsonBody: '{"note": "{{fields.note}}", "message": "{{user_message}}", "tag": {{fields.tag}}, "fields": {{fields}}, "nested": {"segment": "{{fields.segment}}", "conversation": "{{conversation_id}}"}}',
		replyTemplate: 'Passed on.',
		options: { maxRetries: 0 },
	}, { credentials: { chatActionsHeaderApi: HEADER } }),
	node('relInjection', 'Chat Reply', 'chatReply', {}),
], [
	['Chat Action Trigger', 'Action Router'],
	['Action Router', 'Relay', 0],
	['Action Router', 'Chat Reply', 1],
	['Action Router', 'Chat Reply', 2],
	['Relay', 'Chat Reply', 0],
	['Relay', 'Chat Reply', 1],
]);

/** Retries bounded so a turn that keeps failing still answers within ~10 s. */
export const FAULT_RETRY = { timeout: 1500, maxRetries: 3, maxRetryDelay: 3, maxRetryTime: 8 };

/** A POST that creates an order (bearer, Idempotency-Key), and a GET that reads one (basic). */
const FAULT_WORKFLOWS = [
	workflow('relOrders', 'Reliability: place order', [
		triggerNode('relOrders', { path: PATHS.orders, responseMode: 'responseNode', options: { rateLimit: 0, addressRateLimit: 0 } }),
		node('relOrders', 'Place Order', 'httpAction', {
			authentication: 'bearer',
			method: 'POST',
			url: '/orders',
			headerParameters: { entries: [{ name: 'X-Scenario', value: '{{metadata.scenario}}' }] },
			bodyType: 'json',
			jsonBody: '{"conversation": "{{conversation_id}}", "item": "{{user_message}}"}',
			replyTemplate: 'Order {{data.order}} is placed.',
			options: FAULT_RETRY,
		}, { credentials: { chatActionsBearerApi: BEARER } }),
		node('relOrders', 'Chat Reply', 'chatReply', {}),
	], [['Chat Action Trigger', 'Place Order'], ['Place Order', 'Chat Reply', 0], ['Place Order', 'Chat Reply', 1]]),
	workflow('relStatus', 'Reliability: order status', [
		triggerNode('relStatus', { path: PATHS.status, responseMode: 'responseNode', options: { rateLimit: 0, addressRateLimit: 0 } }),
		node('relStatus', 'Order Status', 'httpAction', {
			authentication: 'basic',
			method: 'GET',
			url: '/orders/{{metadata.scenario}}',
			headerParameters: { entries: [{ name: 'X-Scenario', value: '{{metadata.scenario}}' }] },
			replyTemplate: 'Order {{data.order}} is on its way.',
			options: FAULT_RETRY,
		}, { credentials: { chatActionsBasicApi: BASIC } }),
		node('relStatus', 'Chat Reply', 'chatReply', {}),
	], [['Chat Action Trigger', 'Order Status'], ['Order Status', 'Chat Reply', 0], ['Order Status', 'Chat Reply', 1]]),
];

export const WORKFLOWS = [...FUZZ_WORKFLOWS, INJECTION_WORKFLOW, ...FAULT_WORKFLOWS];
export const READY_WEBHOOKS = Object.values(PATHS).map((path) => ({ path, method: 'POST' }));
