/** The trigger workflows the trigger e2e tests (behaviour and fuzz) run in a real n8n. */
import { node, triggerNode, workflow } from '../../toolkit/n8n/workflows';

export const HMAC_SECRET = 'trigger-hmac-secret-e2e'; // test value, not a real secret
const HMAC_CREDENTIAL = { id: 'triggerHmacCred1', name: 'Widget signing' };
export const SHOP = 'https://shop.example.com';

const replyNode = (wf: string, message: string, extra: Record<string, unknown> = {}) =>
	node(wf, 'Chat Reply', 'chatReply', {
		message,
		buttons: { entries: [{ label: 'Tell me more', actionId: 'more' }] },
		...extra,
	});

export const TRIGGER_WORKFLOWS = [
	workflow('triggerLastNode', 'Trigger: last node', [
		triggerNode('triggerLastNode', { path: 'chat-last', options: { playground: true } }),
		replyNode('triggerLastNode', 'You said: {{user_message}}', { respond: false }),
	], [['Chat Action Trigger', 'Chat Reply']]),
	workflow('triggerReplyNode', 'Trigger: reply node', [
		triggerNode('triggerReplyNode', { path: 'chat-dialects', responseMode: 'responseNode' }),
		replyNode('triggerReplyNode', 'Echo: {{user_message}} ({{default user_email "no email"}})'),
	], [['Chat Action Trigger', 'Chat Reply']]),
	workflow('triggerSigned', 'Trigger: signed', [
		// Version 1, as workflows saved before 1.1 have it: signed bodies must verify on both.
		triggerNode('triggerSigned', { path: 'chat-signed', authentication: 'hmac', options: { addressRateLimit: 0 } }, { typeVersion: 1, credentials: { chatActionsHmacApi: HMAC_CREDENTIAL } }),
		replyNode('triggerSigned', 'Verified: {{user_message}}', { respond: false }),
	], [['Chat Action Trigger', 'Chat Reply']]),
	workflow('triggerCors', 'Trigger: allowed origins', [
		triggerNode('triggerCors', { path: 'chat-cors', options: { allowedOrigins: SHOP, addressRateLimit: 0 } }),
		replyNode('triggerCors', 'Hello from the shop', { respond: false }),
	], [['Chat Action Trigger', 'Chat Reply']]),
];

TRIGGER_WORKFLOWS.push(
	workflow('triggerLimited', 'Trigger: rate limited', [
		triggerNode('triggerLimited', { path: 'chat-limited', options: { rateLimit: 3 } }),
		replyNode('triggerLimited', 'Got it', { respond: false }),
	], [['Chat Action Trigger', 'Chat Reply']]),
	workflow('triggerAddressLimited', 'Trigger: rate limited per address', [
		triggerNode('triggerAddressLimited', { path: 'chat-address-limited', options: { addressRateLimit: 5 } }),
		replyNode('triggerAddressLimited', 'Got it', { respond: false }),
	], [['Chat Action Trigger', 'Chat Reply']]),
	workflow('triggerImmediately', 'Trigger: respond immediately', [
		triggerNode('triggerImmediately', { path: 'chat-immediately', responseMode: 'onReceived', options: { acknowledgement: 'Thanks, we got it.' } }),
		replyNode('triggerImmediately', 'Later', { respond: false }),
	], [['Chat Action Trigger', 'Chat Reply']]),
);

export const TRIGGER_CREDENTIALS = [{ ...HMAC_CREDENTIAL, type: 'chatActionsHmacApi', data: { secret: HMAC_SECRET } }];

export const TRIGGER_WEBHOOKS = ['chat-last', 'chat-dialects', 'chat-signed', 'chat-cors', 'chat-limited', 'chat-address-limited', 'chat-immediately'].map((path) => ({ path, method: 'POST' }));
