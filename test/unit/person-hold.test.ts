/** A person takes over after a handoff: the router stays silent until the conversation is released. */
import { releaseHold } from '../../nodes/ActionRouter/engine/hold';
import { processTurn, type TurnSetup } from '../../nodes/ActionRouter/engine/turn';
import { addReplyToThread } from '../../nodes/ChatReply/engine/thread';
import { conversationStateKey } from '../../nodes/shared/state';
import { ACTIONS, say, setup } from '../support/turn-setup';

const HAND_OVER = ACTIONS.length + 2;
const WITH_A_PERSON = ACTIONS.length + 3;

function handingOver(overrides: Partial<TurnSetup> = {}): TurnSetup & { clock: { now: Date } } {
	const clock = { now: new Date('2026-12-05T10:00:00Z') };
	const base = setup({ now: () => clock.now, ...overrides });
	return { ...base, settings: { ...base.settings, handoff: true, holdSeconds: 30 * 60, ...overrides.settings }, clock };
}

/** The re-ask cap reached on the email: the router hands over. */
async function handOver(s: TurnSetup) {
	await processTurn(say('unsubscribe me'), s);
	for (const answer of ['nope', 'still no', 'not one of those either', 'no', 'nah']) {
		const turn = await processTurn(say(answer), s);
		if (turn.output !== ACTIONS.length) return turn;
	}
	throw new Error('the router never handed over');
}

const minutesLater = (clock: { now: Date }, minutes: number) => (clock.now = new Date(clock.now.getTime() + minutes * 60_000));

test('after the router hands over, the next messages go to With a Person with nothing for the bot to say', async () => {
	const s = handingOver();
	const handoff = await handOver(s);
	expect(handoff.output).toBe(HAND_OVER);
	const waiting = await processTurn(say('hello? anyone there?'), s);
	expect(waiting.output).toBe(WITH_A_PERSON);
	expect(waiting.json.reply).toMatchObject({ message: '', handoff: true, tags: ['router:person_holds'] });
	expect(waiting.json.router).toMatchObject({ outcome: 'held', reason: 'person_holds' });
	expect(waiting.json.conversation?.thread.map((entry) => entry.text)).toContain('hello? anyone there?');
});

test('a request while a person holds the conversation is not routed to an action', async () => {
	const s = handingOver();
	await handOver(s);
	const request = await processTurn(say('where is my order 12345'), s);
	expect(request.output).toBe(WITH_A_PERSON);
	expect(request.json.action).toBeUndefined();
});

test('the hold ends after Person Holds For, and the bot answers again', async () => {
	const s = handingOver();
	await handOver(s);
	minutesLater(s.clock, 31);
	const later = await processTurn(say('where is my order'), s);
	expect(later.json.router).toMatchObject({ outcome: 'ask' });
});

test('with Person Holds For at 0 the hold lasts until released', async () => {
	const s = handingOver({ settings: { threshold: 0.2, tieMargin: 0.05, maxReasks: 3, holdSeconds: 0 } });
	await handOver(s);
	minutesLater(s.clock, 25);
	expect((await processTurn(say('where is my order'), s)).output).toBe(WITH_A_PERSON);
	expect(await releaseHold(s.store, conversationStateKey('wf1', 'c1'))).toBe(true);
	expect((await processTurn(say('where is my order'), s)).json.router).toMatchObject({ outcome: 'ask' });
	expect(await releaseHold(s.store, conversationStateKey('wf1', 'c1'))).toBe(false);
});

test("a help desk's release gives the conversation back to the bot and says nothing", async () => {
	const s = handingOver();
	await handOver(s);
	const released = await processTurn({ event: 'release', conversationId: 'c1' }, s);
	expect(released.output).toBe(WITH_A_PERSON);
	expect(released.json.reply).toMatchObject({ message: '', tags: ['router:released'] });
	expect((await processTurn(say('where is my order'), s)).json.router).toMatchObject({ outcome: 'ask' });
});

test('a help desk that says a person holds the conversation is believed, even without a handoff here', async () => {
	const s = handingOver();
	const turn = { ...say('thanks, and my order?'), metadata: { personHolds: true } };
	expect((await processTurn(turn, s)).output).toBe(WITH_A_PERSON);
});

test('without a Hand Over output, a turn a person holds goes to no output at all', async () => {
	const s = setup();
	const turn = { ...say('where is my order'), metadata: { personHolds: true } };
	expect((await processTurn(turn, s)).output).toBe(-1);
	expect((await processTurn({ event: 'release', conversationId: 'c1' }, s)).output).toBe(-1);
});

test("a Chat Reply that hands over starts a hold; the conversation's tags gather every reply's", async () => {
	const s = handingOver();
	await processTurn(say('where is my order'), s);
	expect(await addReplyToThread(s.store, 'wf1', 'c1', { text: 'Let me find someone.', tags: ['vip'], handoff: true }, s.clock.now)).toBe(true);
	const next = await processTurn(say('12345'), s);
	expect(next.output).toBe(WITH_A_PERSON);
	expect(next.json.conversation?.tags).toEqual(['action:order_status', 'vip', 'router:person_holds']);
});

test('the handoff item carries the conversation tags so far', async () => {
	const s = handingOver();
	await processTurn(say('where is my order'), s);
	const handoff = await handOver(s);
	expect(handoff.output).toBe(HAND_OVER);
	expect(handoff.json.conversation?.tags).toEqual(expect.arrayContaining(['action:order_status', 'router:handoff', 'router:escalated']));
});

test('no chat model is asked about a turn the bot will not answer', async () => {
	const chatModel = jest.fn(async () => ({ ranking: [{ action: 'order_status', score: 0.9 }], fields: {} }));
	const s = handingOver({ intentMode: 'llm', chatModel });
	expect((await processTurn({ ...say('where is my order?'), metadata: { personHolds: true } }, s)).output).toBe(WITH_A_PERSON);
	expect((await processTurn({ event: 'release', conversationId: 'c1' }, s)).output).toBe(WITH_A_PERSON);
	expect(chatModel).not.toHaveBeenCalled();
	await processTurn(say('where is my order?'), s);
	expect(chatModel).toHaveBeenCalledTimes(1);
});
