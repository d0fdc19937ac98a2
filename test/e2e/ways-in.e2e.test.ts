/**
 * The example flows of the ways in other than this package's own trigger (examples/ways-in/),
 * imported as they are into a real n8n, with the demo API (examples/demo-api.js):
 * - n8n's own Chat Trigger → Action Router → HTTP Action → Chat Reply, played as @n8n/chat
 *   posts to the trigger's chat webhook;
 * - the messaging channels (test/e2e/ways-in/*.ts), each against a local server that speaks
 *   its service's protocol. All share this one n8n: one start per n8n line.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { type DemoApi, startDemoApi } from '../../examples/demo-api';
import { EXAMPLES, exampleCredentials } from './example-flows';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import type { ChannelSuite, ExampleWorkflow } from './ways-in/suite';
import { chatwootSuite } from './ways-in/chatwoot';
import { telegramSuite } from './ways-in/telegram';
import { whatsappSuite } from './ways-in/whatsapp';

/** Each messaging channel's suite; they add their servers, flows and credentials to the one n8n. */
const CHANNELS: ChannelSuite[] = [chatwootSuite, whatsappSuite, telegramSuite];

const read = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', file), 'utf8')) as ExampleWorkflow;
const chatFlow = read('n8n-chat-trigger.json');
const CHAT_WEBHOOK = `${chatFlow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger')!.webhookId!}/chat`;

let api: DemoApi;
let n8n: N8nInstance;
let tarball: string | undefined;

beforeAll(async () => {
	api = await startDemoApi({ port: 0, log: false });
	const channels = await Promise.all(CHANNELS.map((channel) => channel.setUp(api)));
	n8n = await startN8n({
		workflows: [{ ...chatFlow, active: true }, ...channels.flatMap((channel) => channel.workflows)],
		credentials: [...exampleCredentials(api.url), ...channels.flatMap((channel) => channel.credentials)],
		packageTarball: (tarball = await packPackage()),
		readyWebhooks: [{ path: CHAT_WEBHOOK, method: 'POST' as const }, ...channels.flatMap((channel) => channel.readyWebhooks)],
	});
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await Promise.all(CHANNELS.map((channel) => channel.tearDown()));
	await api?.close();
	if (tarball) rmSync(dirname(tarball), { recursive: true, force: true });
});

for (const channel of CHANNELS) describe(channel.name, () => channel.tests(() => ({ n8n, api })));

test("n8n's Chat Trigger: an order looked up over two turns, the answer in Markdown with its link", async () => {
	const sessionId = `ways-in-${Date.now()}`;
	const say = async (chatInput: string) => {
		const response = await fetch(n8n.webhookUrl(CHAT_WEBHOOK), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as { output: string }).output;
	};
	const before = api.requests.length;
	expect(await say('where is my order?')).toBe('What is your order number? It has 5 digits.');
	expect(await say('it is 12345')).toBe('Your order 12345 is shipped.\n\n[Track it](https://shop.example.com/track/12345)');
	expect(api.requests.slice(before).filter((request) => request.path === '/orders/12345')).toHaveLength(1);
});
