/**
 * The Action Router behind n8n's own WhatsApp Trigger, through n8n's real execution engine: the
 * trigger's items (one per change: the change's `value` with its `field`, WhatsAppTrigger.node.ts)
 * read with Input left at its default, a reply button and a list row read back as the choice,
 * a delivery status read as no turn, and the values a flow maps into n8n's WhatsApp node or
 * hands to Chat Reply (Send Through: WhatsApp) on the router's items.
 */
import { whatsapp } from '../../nodes/shared/channels/whatsapp';
import type { ChannelAddress } from '../../nodes/shared/channels/types';
import type { ChatTurn } from '../../nodes/shared/contract';
import { PACKAGE, runNode } from '../../toolkit/servers/workflow-runner';
import { whatsappProblem } from '../../toolkit/servers/whatsapp-server';

const PHONE_NUMBER_ID = '106540352242922';

const ACTIONS = {
	action: [
		{
			name: 'order_status',
			description: 'Tell the visitor where their order is',
			label: 'Track my order',
			examples: 'where is my order\nhas my order shipped\ntrack my package\nwhen will my order arrive',
			fields: { field: [{ name: 'order_id', question: 'What is your order number? It has 5 digits.', type: 'regex', pattern: '\\d{5}', required: true }] },
		},
		{
			name: 'reset_api_key',
			description: "Reset or rotate the API key of the visitor's account",
			label: 'Reset my API key',
			examples: 'reset my api key\nmy api key leaked\nI need a new API key\nrotate my key',
			confirmation: 'Reset the API key of {{fields.email}}?',
			fields: { field: [{ name: 'email', question: 'What is the email address of your account?', type: 'email', required: true }] },
		},
		{
			name: 'check_subscriptions',
			description: 'Check which newsletters the visitor is subscribed to',
			label: 'My subscriptions',
			examples: 'which lists am I on\ncheck my subscription\nwhat newsletters do I get',
			fields: { field: [{ name: 'email', question: 'Which email address should I check?', type: 'email', required: true }] },
		},
		{
			name: 'unsubscribe',
			description: 'Unsubscribe the visitor from one mailing list',
			label: 'Unsubscribe',
			examples: 'unsubscribe me\nstop sending me emails\nremove me from the mailing list',
			fields: { field: [{ name: 'email', question: 'Which email address should I unsubscribe?', type: 'email', required: true }] },
		},
	],
};
// Outputs: 0–3 the actions, 4 Ask, 5 No Match, 6 Hand Over, 7 With a Person.
const ASK = 4;

interface Routed {
	conversationId: string;
	message: string;
	event: string;
	actionId?: string;
	fields: Record<string, unknown>;
	visitor: { phone: string | null; name: string | null };
	metadata: { channel: ChannelAddress; source: string; messageId: string };
	reply: { message: string; buttons?: Array<{ label: string; actionId?: string }> };
	router: { outcome: string };
}

let sender = 0;

/** One WhatsApp user as n8n's WhatsApp Trigger hands their messages on. */
function whatsappUser(name: string) {
	const waId = `49151${String(Date.now()).slice(-6)}${String(++sender).padStart(2, '0')}`;
	let messageNumber = 0;
	const item = (content: Record<string, unknown>) => ({
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
		contacts: [{ profile: { name }, wa_id: waId }],
		messages: [{ from: waId, id: `wamid.${waId}-${++messageNumber}`, timestamp: '1760000000', ...content }],
		field: 'messages',
	});
	return {
		waId,
		text: (body: string) => item({ type: 'text', text: { body } }),
		button: (id: string, title: string) => item({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } }),
		row: (id: string, title: string) => item({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title } } }),
	};
}

async function route(item: object): Promise<{ output: number; item: Routed } | undefined> {
	const { outputs, error } = await runNode({
		node: { name: 'Action Router', type: `${PACKAGE}.actionRouter`, parameters: { actions: ACTIONS, options: { handoffOutput: true } } } as never,
		items: [item as never],
	});
	if (error) throw error;
	const output = outputs.findIndex((items) => items.length > 0);
	return output < 0 ? undefined : { output, item: outputs[output][0] as unknown as Routed };
}

test("a WhatsApp Trigger item is read with Input at its default: the user's number and name, the business number, where to answer", async () => {
	const ada = whatsappUser('Ada');
	const asked = await route(ada.text('where is my order?'));
	expect(asked?.output).toBe(ASK);
	expect(asked?.item).toMatchObject({
		event: 'message',
		message: 'where is my order?',
		visitor: { phone: `+${ada.waId}`, name: 'Ada' },
		metadata: { channel: { channel: 'whatsapp', phoneNumberId: PHONE_NUMBER_ID }, source: 'whatsappTrigger', messageId: `wamid.${ada.waId}-1` },
		reply: { message: 'What is your order number? It has 5 digits.' },
		router: { outcome: 'ask' },
	});
	// The conversation is the user at this business number, hashed: the number is no key.
	expect(asked?.item.conversationId).toMatch(/^whatsapp:[0-9a-f]{24}$/);
	expect(asked?.item.conversationId).not.toContain(ada.waId);

	const answered = await route(ada.text('it is 12345'));
	expect(answered).toMatchObject({ output: 0, item: { conversationId: asked?.item.conversationId, fields: { order_id: '12345' } } });
});

test('a reply button pressed in WhatsApp is read back as the choice: Yes confirms the action', async () => {
	const grace = whatsappUser('Grace');
	await route(grace.text('I need a new API key'));
	const confirm = await route(grace.text('grace@example.com'));
	expect(confirm?.item.reply).toMatchObject({
		message: 'Reset the API key of grace@example.com?',
		buttons: [
			{ label: 'Yes', actionId: 'confirm:yes' },
			{ label: 'No', actionId: 'confirm:no' },
		],
	});
	// What Chat Reply (Send Through: WhatsApp) sends for it: reply buttons, valid as Meta checks them.
	const [request] = whatsapp.send(confirm!.item.reply, confirm!.item.metadata.channel, confirm!.item as unknown as ChatTurn);
	expect(whatsappProblem(request.body)).toBeUndefined();
	expect(request).toMatchObject({
		path: `/${PHONE_NUMBER_ID}/messages`,
		body: { to: `+${grace.waId}`, type: 'interactive', interactive: { type: 'button', action: { buttons: [{ reply: { id: 'confirm:yes', title: 'Yes' } }, { reply: { id: 'confirm:no', title: 'No' } }] } } },
	});

	const done = await route(grace.button('confirm:yes', 'Yes'));
	expect(done).toMatchObject({ output: 1, item: { event: 'button', actionId: 'confirm:yes', fields: { email: 'grace@example.com' } } });
});

test('a row chosen in a WhatsApp list is read back as the choice: the action it names starts', async () => {
	const bea = whatsappUser('Bea');
	const menu = await route(bea.text('hi'));
	expect(menu?.item.reply.buttons?.map((button) => button.actionId)).toEqual([
		'choose:order_status',
		'choose:reset_api_key',
		'choose:check_subscriptions',
		'choose:unsubscribe',
	]);
	const [request] = whatsapp.send(menu!.item.reply, menu!.item.metadata.channel, menu!.item as unknown as ChatTurn);
	expect(request.body).toMatchObject({ type: 'interactive', interactive: { type: 'list' } });

	const started = await route(bea.row('choose:check_subscriptions', 'My subscriptions'));
	expect(started).toMatchObject({ output: ASK, item: { event: 'button', reply: { message: 'Which email address should I check?' } } });
});

test('a delivery status from the WhatsApp Trigger (Message Status Updates on) is no turn: no output, no error', async () => {
	const status = {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
		statuses: [{ id: 'wamid.out-1', status: 'read', timestamp: '1760000000', recipient_id: '4915100000000' }],
		field: 'messages',
	};
	expect(await route(status)).toBeUndefined();
});
