import { ApiServer } from '../support/api-server';
import { PACKAGE, runNode } from '../support/workflow-runner';

const api = new ApiServer();
beforeAll(async () => await api.start());
afterAll(async () => await api.stop());
beforeEach(() => api.reset());

const TURN = {
	event: 'message',
	conversationId: 'conv_1',
	chatbotId: 'bot_1',
	message: 'Unsubscribe me from the weekly list',
	visitor: { id: 'v_1', name: 'Ada', email: 'ada@example.com', phone: null },
	metadata: { receivedAt: '2026-05-15T10:30:00Z' },
	action: { name: 'unsubscribe', confidence: 0.9 },
	fields: { list: 'weekly' },
};

function httpAction(parameters: Record<string, unknown>, authentication = 'none') {
	return {
		name: 'HTTP Action',
		type: `${PACKAGE}.httpAction`,
		parameters: { authentication, method: 'POST', bodyType: 'json', ...parameters },
	};
}

describe('HTTP Action sends the rendered request', () => {
	test('a JSON body template reaches the API with the turn\'s values, and the API message is the reply', async () => {
		api.respond({ status: 200, body: { message: 'Done: you are off the weekly list.' } });
		const { outputs, error } = await runNode({
			node: httpAction({
				url: `${api.url}/lists/{{fields.list}}/unsubscribe`,
				jsonBody: '{"email": "{{user_email}}", "note": "{{user_message}}"}',
			}),
			items: [TURN],
		});
		expect(error).toBeUndefined();
		expect(api.received).toHaveLength(1);
		expect(api.received[0].url).toBe('/lists/weekly/unsubscribe');
		expect(JSON.parse(api.received[0].body)).toEqual({ email: 'ada@example.com', note: TURN.message });
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].reply).toEqual({ message: 'Done: you are off the weekly list.', tags: [] });
		expect(outputs[1]).toEqual([]);
	});
});
