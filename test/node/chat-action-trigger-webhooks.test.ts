import {
	type INode,
	type IWebhookDescription,
	resolveWebhookDescriptionField,
	webhookDescriptionIsNativelyResolvable,
} from 'n8n-workflow';

import { ChatActionTrigger } from '../../nodes/ChatActionTrigger/ChatActionTrigger.node';

// n8n 2.x evaluates a webhook description's `={{$parameter[...]}}` fields in its expression
// engine (a V8 isolate) on every request unless the field carries a native resolver. These
// tests use n8n-workflow's own resolution functions, the ones n8n's webhook handling calls.

const webhooks = new ChatActionTrigger().description.webhooks as IWebhookDescription[];
const byName = (name: string) => webhooks.find((webhook) => webhook.name === name)!;

function triggerNode(parameters: INode['parameters']): INode {
	return {
		id: 'b7a1c2d3-0000-4000-8000-000000000001',
		name: 'Chat Action Trigger',
		type: 'n8n-nodes-chat-actions.chatActionTrigger',
		typeVersion: 1.1,
		position: [0, 0],
		webhookId: 'b7a1c2d3-0000-4000-8000-0000000000aa',
		parameters,
	};
}

describe('Chat Action Trigger webhook descriptions', () => {
	it('resolve every field without the expression engine', () => {
		for (const webhook of webhooks) expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
	});

	it('resolve path and response mode from the node parameters, as the templates would', () => {
		const node = triggerNode({ path: 'support-chat', responseMode: 'responseNode' });

		expect(byName('default').path).toBe('={{$parameter["path"]}}');
		expect(resolveWebhookDescriptionField(node, byName('default'), 'path')).toEqual({ resolved: true, value: 'support-chat' });
		expect(resolveWebhookDescriptionField(node, byName('default'), 'responseMode')).toEqual({ resolved: true, value: 'responseNode' });
		expect(resolveWebhookDescriptionField(node, byName('setup'), 'path')).toEqual({ resolved: true, value: 'support-chat' });
	});

	it('leave a path the user wrote as an expression to the engine', () => {
		const node = triggerNode({ path: '={{ "chat-" + $workflow.id }}', responseMode: 'lastNode' });

		expect(resolveWebhookDescriptionField(node, byName('default'), 'path')).toEqual({ resolved: false });
	});
});
