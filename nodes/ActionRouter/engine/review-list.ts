/**
 * The router's side of the review list (nodes/shared/review-record.ts): after a turn, a message
 * it was unsure about is kept for the owner, and a message its model decided is kept for the
 * clash check; before the turns of an execution, the owner's assignments are checked against
 * those decisions and the saved stories (learning.ts) and adopted, or held with what they would
 * change. The learned examples then join the actions' own (withLearned).
 */
import { type ChatTurn, isPlainObject } from '../../shared/contract';
import {
	changeReview,
	type LearnedExample,
	maskedMessage,
	newReviewItemId,
	readReview,
	type ReviewItem,
	type ReviewRecord,
	type ReviewStoryTurn,
	type ClashChange,
	type StoredDecision,
} from '../../shared/review-record';
import { MemoryStateStore, type StateStore } from '../../shared/state';
import { labelOf } from './actions';
import type { IntentScore } from './intent/types';
import { clashCheck, NO_MATCH, reviewReasonOf } from './learning';
import { expectationOf } from './stories';
import { processTurn, type TurnSetup } from './turn';

export interface ReviewSetup {
	store: StateStore;
	scope: string;
	routerName: string;
	/** The router as it routes (its actions, settings, model): the clash check and story turns replay it. */
	turnSetup: TurnSetup;
	ttlSeconds: number;
	/** Personal Data: Sealed: emails, phones and numbers in kept messages are masked. */
	sealed: boolean;
}

/** Story turns kept with an item: the conversation's last visitor messages, this one included. */
const STORY_TURNS = 8;

/** What the model decided for a new request (its `router.explanation` step): an action, or no match; undefined otherwise. */
function modelDecision(routed: ChatTurn): { action: string | null } | undefined {
	const router = isPlainObject(routed.router) ? routed.router : {};
	const step = isPlainObject(router.explanation) ? router.explanation.step : undefined;
	if (router.outcome === 'noMatch' && router.reason === 'out_of_scope') return { action: null };
	const action = isPlainObject(routed.action) && typeof routed.action.name === 'string' ? routed.action.name : undefined;
	return step === 'intent' && action ? { action } : undefined;
}

/** The conversation's visitor messages up to the unsure one, replayed on a router of their own: what it does with each. */
async function storyTurns(setup: TurnSetup, routed: ChatTurn, message: string): Promise<ReviewStoryTurn[]> {
	const thread = isPlainObject(routed.conversation) && Array.isArray(routed.conversation.thread) ? routed.conversation.thread : [];
	const said = thread.filter((entry) => isPlainObject(entry) && entry.from === 'visitor' && typeof entry.text === 'string').map((entry) => String(entry.text));
	// Up to the unsure message: this turn's, or an earlier one (the request a cancel called off).
	const at = said.lastIndexOf(message);
	const messages = (at >= 0 ? said.slice(0, at + 1) : [...said, message]).slice(-STORY_TURNS);
	// The embedded model only: a replay never pays a chat model (Chat Model or Hybrid mode) again.
	const replay: TurnSetup = { ...setup, intentMode: 'embedded', chatModel: undefined, store: new MemoryStateStore({ sweepIntervalMs: 0 }), scope: 'review' };
	const turns: ReviewStoryTurn[] = [];
	for (const say of messages) {
		const { json } = await processTurn({ conversationId: 'review', event: 'message', message: say }, replay);
		turns.push({ say, expect: expectationOf(json) });
	}
	return turns;
}

/**
 * After a turn: an unsure message goes on the list (with the conversation's turns, for a story),
 * a message the model decided is kept for the clash check. Both for Forget After only.
 */
export async function keepForReview(review: ReviewSetup, turn: ChatTurn, routed: ChatTurn, at: Date, embeddedRanking?: IntentScore[]): Promise<void> {
	const message = typeof turn.message === 'string' ? turn.message.trim() : '';
	const kept = (text: string) => (review.sealed ? maskedMessage(text) : text);
	// A No button under the question asked right after routing has no message, but a reason.
	const reason = reviewReasonOf(turn, routed, embeddedRanking);
	const decided = message ? modelDecision(routed) : undefined;
	if (!reason && !decided) return;
	const router = isPlainObject(routed.router) ? routed.router : {};
	let item: ReviewItem | undefined;
	if (reason) {
		const unsure = reason.message ?? message;
		const turns = await storyTurns(review.turnSetup, routed, unsure);
		item = {
			id: newReviewItemId(),
			at: at.getTime(),
			message: kept(unsure),
			reason: reason.reason,
			ranking: (reason.ranking.length > 0 ? reason.ranking : Array.isArray(router.ranking) ? (router.ranking as IntentScore[]) : []).slice(0, 3),
			...(reason.decided ? { decided: reason.decided } : {}),
			...(typeof router.language === 'string' ? { language: router.language } : {}),
			turns: turns.map((entry) => ({ ...entry, say: kept(entry.say) })),
			status: 'open',
		};
	}
	const decision: StoredDecision | undefined = decided ? { message: kept(message), action: decided.action, at: at.getTime() } : undefined;
	await changeReview(
		review.store,
		review.scope,
		(record) => ({
			...record,
			router: review.routerName,
			actions: review.turnSetup.actions.map((action) => ({ name: action.name, label: labelOf(action), description: action.description })),
			// The same message twice stays one entry: the newest.
			items: item ? [...record.items.filter((old) => old.status !== 'open' || old.message !== item!.message), item] : record.items,
			decisions: decision ? [...record.decisions.filter((old) => old.message !== decision.message), decision] : record.decisions,
		}),
		{ now: at.getTime(), forgetAfterSeconds: review.ttlSeconds },
	);
}

/** The examples learned so far (adopted assignments). */
export async function learnedExamples(review: ReviewSetup): Promise<LearnedExample[]> {
	return (await readReview(review.store, review.scope)).learned;
}

/**
 * The owner's assignments, checked: each is replayed against the stored decisions and saved
 * stories with and without its example (learning.ts clashCheck). Without a change that moves a
 * message to another action (or with the owner's "adopt anyway") it is adopted and learned;
 * otherwise it waits on the Review page with what it would change. Returns how many were adopted.
 */
export async function checkAssignments(review: ReviewSetup, now = Date.now()): Promise<number> {
	const record = await readReview(review.store, review.scope);
	const assigned = record.items.filter((item) => item.status === 'assigned' && item.assigned);
	if (assigned.length === 0) return 0;
	const verdicts = new Map<string, Pick<ReviewItem, 'status' | 'changes'>>();
	for (const item of assigned) {
		const candidate: LearnedExample = { text: item.message, action: item.assigned!, at: now, item: item.id };
		const changes = await clashCheck({
			actions: review.turnSetup.actions,
			settings: review.turnSetup.settings,
			learned: record.learned,
			candidate,
			decisions: record.decisions.filter((decision) => decision.message !== item.message),
			stories: record.stories,
			replies: review.turnSetup.replies,
		});
		const clashes = changes.filter((change) => !isWanted(change, item, record.stories));
		verdicts.set(item.id, item.force || clashes.length === 0 ? { status: 'adopted', changes } : { status: 'clash', changes: clashes });
	}
	let adopted = 0;
	await changeReview(
		review.store,
		review.scope,
		(current: ReviewRecord) => {
			const learned = [...current.learned];
			const items = current.items.map((item) => {
				const verdict = verdicts.get(item.id);
				// The owner may have changed it meanwhile: only the assignment that was checked is settled.
				if (!verdict || item.status !== 'assigned' || !assigned.some((checked) => checked.id === item.id && checked.assigned === item.assigned)) return item;
				if (verdict.status === 'adopted') {
					adopted++;
					learned.push({ text: item.message, action: item.assigned!, at: now, item: item.id });
				}
				return { ...item, ...verdict, force: undefined };
			});
			return { ...current, items, learned };
		},
		{ now, forgetAfterSeconds: review.ttlSeconds },
	);
	return adopted;
}

/**
 * A change the owner asked for: a stored message that matched nothing and would now go to the
 * assigned action, or a story turn that would now go as its story says. A message moved away
 * from an action it went to, or a story turn that would go otherwise, is a clash the owner
 * confirms first.
 */
function isWanted(change: ClashChange, item: ReviewItem, stories: ReviewRecord['stories']): boolean {
	if (change.source === 'story') {
		const story = stories.find((saved) => saved.name === change.story);
		return story?.turns.some((turn) => turn.say === change.message && turn.expect === change.after) === true;
	}
	return change.before === NO_MATCH && change.after === item.assigned;
}
