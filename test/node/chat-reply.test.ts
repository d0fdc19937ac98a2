import type { INodeParameters } from 'n8n-workflow';

import { PACKAGE, runNode } from '../../toolkit/servers/workflow-runner';

const TURN = {
	event: 'message',
	conversationId: 'conv_1',
	message: 'Where is order A-1?',
	visitor: { id: 'v1', name: 'Ada', email: null, phone: null },
	fields: { order_id: 'A 1/2' },
	metadata: { dialect: 'n8nChat' },
	reply: { message: 'Earlier reply', tags: ['action:order_status'] },
};

function chatReply(parameters: INodeParameters) {
	return { name: 'Chat Reply', type: `${PACKAGE}.chatReply`, parameters };
}

describe('Chat Reply', () => {
	test('renders the message, a link button from a URL template, tags and handoff', async () => {
		const { outputs, error } = await runNode({
			node: chatReply({
				message: 'Thanks {{user_name}}, order {{fields.order_id}} is on its way.',
				buttons: {
					entries: [
						{ label: 'Track {{fields.order_id}}', url: 'https://shop.example.com/track/{{fields.order_id}}' },
						{ label: 'Talk to a person', actionId: 'handoff' },
					],
				},
				handoff: true,
				tags: 'order, priority',
			}),
			items: [TURN],
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].reply).toEqual({
			message: 'Thanks Ada, order A 1/2 is on its way.',
			buttons: [
				{ label: 'Track A 1/2', url: 'https://shop.example.com/track/A%201%2F2' },
				{ label: 'Talk to a person', actionId: 'handoff' },
			],
			handoff: true,
			tags: ['action:order_status', 'order', 'priority'],
		});
	});

	test("for n8n's Chat Trigger the item also carries `output`: the reply as the Markdown its chat page shows", async () => {
		const { outputs } = await runNode({
			node: chatReply({
				message: 'Order {{fields.order_id}} is on its way.',
				buttons: { entries: [{ label: 'Track it', url: 'https://shop.example.com/track/1' }, { label: 'Something else', actionId: 'other' }] },
			}),
			items: [TURN, { ...TURN, metadata: {} }],
		});
		expect(outputs[0][0].output).toBe('Order A 1/2 is on its way.\n\n[Track it](https://shop.example.com/track/1)\n\n1. Something else');
		expect(outputs[0][1].output).toBeUndefined();
	});

	test('an empty message keeps the reply an earlier node set', async () => {
		const { outputs } = await runNode({ node: chatReply({}), items: [TURN] });
		expect(outputs[0][0].reply).toEqual({ message: 'Earlier reply', tags: ['action:order_status'] });
	});

	test('a missing variable fails the node, naming it', async () => {
		const { error } = await runNode({ node: chatReply({ message: 'Hi {{fields.nope}}' }), items: [TURN] });
		expect(error?.message).toBe('The template variable {{fields.nope}} has no value');
	});
});
