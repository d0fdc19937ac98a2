/** The flow the Action Router's e2e and queue-mode tests run in a real n8n. */
import { ROUTER_ACTIONS } from '../support/router-actions';
import { node, triggerNode, workflow } from '../../toolkit/n8n/workflows';

export interface RouterFlowOptions {
	id: string;
	name: string;
	path: string;
	/** Base URL of the subscriptions API the check_subscription action calls. */
	apiUrl: string;
	/** The Redis credential the router and the trigger keep state in; memory when absent. */
	redisCredential?: { id: string; name: string };
	triggerOptions?: Record<string, unknown>;
	routerOptions?: Record<string, unknown>;
}

/**
 * Chat Action Trigger → Action Router (ROUTER_ACTIONS) → check_subscription: HTTP Action GET
 * /subscriptions; order_status: a Chat Reply; Ask, No Match and the HTTP Action's outputs: Chat Reply.
 */
export function routerFlow(options: RouterFlowOptions) {
	const { id, redisCredential } = options;
	const replyState = { stateStore: redisCredential ? 'redis' : 'memory' };
	const replyCredentials = redisCredential ? { credentials: { chatActionsRedisApi: redisCredential } } : {};
	return workflow(id, options.name, [
		// The trigger keeps its limits and finds the thread for @n8n/chat's previous session where the router keeps state.
		triggerNode(
			id,
			{ path: options.path, responseMode: 'responseNode', stateStore: redisCredential ? 'redis' : 'memory', options: { loadPreviousSession: true, ...options.triggerOptions } },
			redisCredential ? { credentials: { chatActionsRedisApi: redisCredential } } : {},
		),
		node(
			id,
			'Action Router',
			'actionRouter',
			{ actions: ROUTER_ACTIONS, stateStore: redisCredential ? 'redis' : 'memory', ...(options.routerOptions ? { options: options.routerOptions } : {}) },
			redisCredential ? { credentials: { chatActionsRedisApi: redisCredential } } : {},
		),
		node(id, 'Check Subscription', 'httpAction', {
			authentication: 'none',
			method: 'GET',
			url: `${options.apiUrl}/subscriptions?email={{fields.email}}`,
			replyTemplate: '{{fields.email}} is subscribed to: {{data.lists}}.',
		}),
		// The answers go into the thread where the router keeps it.
		node(id, 'Order Reply', 'chatReply', { message: 'Order {{fields.order_id}} is on its way.', ...replyState }, replyCredentials),
		node(id, 'Reply', 'chatReply', { ...replyState }, replyCredentials),
	], [
		['Chat Action Trigger', 'Action Router'],
		['Action Router', 'Check Subscription', 0],
		['Action Router', 'Order Reply', 1],
		['Action Router', 'Reply', 2],
		['Action Router', 'Reply', 3],
		['Check Subscription', 'Reply', 0],
		['Check Subscription', 'Reply', 1],
	]);
}
