/**
 * The review list: the messages the Action Router was unsure about, kept (with the router's
 * *Keep a Review List* option) for the flow's owner, who assigns each to an action or "not an
 * action" on the trigger's Review page. The router checks an assignment against what it decided
 * before (a clash check) and then learns it as an example, without a workflow edit.
 *
 * One record per workflow in the conversation state store (owner-records.ts). Messages are kept
 * as long as the router's *Forget After*; learned examples until the owner undoes them (or the
 * record is not changed for REVIEW_RECORD_DAYS). With *Personal Data: Sealed*, emails, phone
 * numbers and long numbers in kept messages are masked before they are stored.
 */
import { randomUUID } from 'node:crypto';

import { changeOwnerRecord, readOwnerRecord, reviewRecordKey } from './owner-records';
import { displayForm } from './personal-data';
import type { StateStore } from './state';

/** The assignment of a message that asks for no action (small talk, out of scope). */
export const NOT_AN_ACTION = '(not an action)';

/** A record no one changed for this long is dropped with its learned examples. */
const REVIEW_RECORD_DAYS = 400;
const RECORD_TTL_SECONDS = REVIEW_RECORD_DAYS * 24 * 3600;
const MAX_ITEMS = 200;
const MAX_DECISIONS = 300;
const MAX_LEARNED = 1000;
const MAX_STORIES = 50;

export type ReviewReason = 'no_match' | 'clarify' | 'switch' | 'cancelled_after_routing' | 'reask_cap' | 'model_disagrees';
export type ReviewStatus = 'open' | 'assigned' | 'adopted' | 'clash' | 'dismissed';

/** A turn of a saved conversation, as a story file writes it (nodes/ActionRouter/engine/stories.ts). */
export interface ReviewStoryTurn {
	say: string;
	expect: string;
}

export interface ClashChange {
	message: string;
	source: 'decision' | 'story';
	/** The story's name, for a story turn. */
	story?: string;
	/** What the router decided before, and would decide with the example ('no match' for none). */
	before: string;
	after: string;
}

export interface ReviewItem {
	id: string;
	/** Milliseconds since the epoch. */
	at: number;
	message: string;
	reason: ReviewReason;
	/** The model's top actions for the message. */
	ranking: Array<{ action: string; score: number }>;
	/** The action the router sent the message to, if any. */
	decided?: string;
	language?: string;
	/** The conversation's visitor turns up to this one, with what the router did: a story when saved. */
	turns?: ReviewStoryTurn[];
	status: ReviewStatus;
	/** The action the owner assigned, or NOT_AN_ACTION. */
	assigned?: string;
	/** The owner adopts it even though the clash check found changes. */
	force?: boolean;
	changes?: ClashChange[];
}

export interface LearnedExample {
	text: string;
	/** An action's name, or NOT_AN_ACTION. */
	action: string;
	at: number;
	/** The review item it came from. */
	item: string;
}

/** A message the router decided from its model, replayed by the clash check. */
export interface StoredDecision {
	message: string;
	/** The action it was routed to; null: no match. */
	action: string | null;
	at: number;
}

export interface SavedStory {
	name: string;
	turns: ReviewStoryTurn[];
}

export interface ReviewRecord {
	/** The Action Router node that keeps the list. */
	router?: string;
	/** The router's actions, for the Review page's choices. */
	actions: Array<{ name: string; label?: string; description?: string }>;
	items: ReviewItem[];
	learned: LearnedExample[];
	decisions: StoredDecision[];
	stories: SavedStory[];
}

/** A request the owner cannot make (an unknown item or action). */
export class ReviewRequestError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ReviewRequestError';
	}
}

function emptyReview(): ReviewRecord {
	return { actions: [], items: [], learned: [], decisions: [], stories: [] };
}

function complete(record: ReviewRecord | undefined): ReviewRecord {
	return { ...emptyReview(), ...(record ?? {}) };
}

export async function readReview(store: StateStore, workflowId: string | undefined): Promise<ReviewRecord> {
	return complete(await readOwnerRecord<ReviewRecord>(store, reviewRecordKey(workflowId)));
}

/**
 * Changes the record atomically and keeps it bounded: the newest items, decisions, examples and
 * stories; items and decisions older than `forgetAfterSeconds` (the router's Forget After) go,
 * except items the owner has acted on (their learned example outlives the message's Forget After).
 */
export async function changeReview(
	store: StateStore,
	workflowId: string | undefined,
	change: (record: ReviewRecord) => ReviewRecord,
	options: { now?: number; forgetAfterSeconds?: number } = {},
): Promise<ReviewRecord> {
	const now = options.now ?? Date.now();
	const oldest = options.forgetAfterSeconds ? now - options.forgetAfterSeconds * 1000 : -Infinity;
	const changed = await changeOwnerRecord<ReviewRecord>(
		store,
		reviewRecordKey(workflowId),
		(current) => {
			const next = change(complete(current));
			return {
				...next,
				items: next.items.filter((item) => item.at >= oldest || item.status === 'adopted').slice(-MAX_ITEMS),
				decisions: next.decisions.filter((decision) => decision.at >= oldest).slice(-MAX_DECISIONS),
				learned: next.learned.slice(-MAX_LEARNED),
				stories: next.stories.slice(-MAX_STORIES),
			};
		},
		RECORD_TTL_SECONDS,
	);
	return complete(changed);
}

function changeItem(record: ReviewRecord, id: string, change: (item: ReviewItem) => ReviewItem): ReviewRecord {
	if (!record.items.some((item) => item.id === id)) throw new ReviewRequestError(`No message ${JSON.stringify(id)} is on the review list (it may have been forgotten)`);
	return { ...record, items: record.items.map((item) => (item.id === id ? change(item) : item)) };
}

/** A new item's id. */
export const newReviewItemId = (): string => randomUUID();

/**
 * The owner assigns a message to an action (or NOT_AN_ACTION): the router checks it at its next
 * execution (the trigger starts one) and adopts it, or lists what it would change. `force`: adopt
 * it even so.
 */
export async function assignReviewItem(store: StateStore, workflowId: string | undefined, id: string, action: string, force = false): Promise<ReviewItem | undefined> {
	const record = await changeReview(store, workflowId, (current) => {
		if (action !== NOT_AN_ACTION && !current.actions.some((known) => known.name === action)) {
			throw new ReviewRequestError(`The router has no action ${JSON.stringify(action)}: choose one of its actions or "${NOT_AN_ACTION}"`);
		}
		const unlearned = { ...current, learned: current.learned.filter((example) => example.item !== id) };
		return changeItem(unlearned, id, (item) => ({ ...item, status: 'assigned', assigned: action, force: force || undefined, changes: undefined }));
	});
	return record.items.find((item) => item.id === id);
}

/** The owner says a message needs nothing. */
export async function dismissReviewItem(store: StateStore, workflowId: string | undefined, id: string): Promise<ReviewItem | undefined> {
	const record = await changeReview(store, workflowId, (current) =>
		changeItem({ ...current, learned: current.learned.filter((example) => example.item !== id) }, id, (item) => ({ ...item, status: 'dismissed', force: undefined })),
	);
	return record.items.find((item) => item.id === id);
}

/** The owner takes an assignment back: its learned example goes, the message is open again. */
export async function undoReviewItem(store: StateStore, workflowId: string | undefined, id: string): Promise<ReviewItem | undefined> {
	const record = await changeReview(store, workflowId, (current) =>
		changeItem({ ...current, learned: current.learned.filter((example) => example.item !== id) }, id, (item) => ({
			...item,
			status: 'open',
			assigned: undefined,
			force: undefined,
			changes: undefined,
		})),
	);
	return record.items.find((item) => item.id === id);
}

/**
 * The item's conversation as a story file (the format `npx chat-actions-stories` plays), its last
 * turn expecting what the owner assigned; also kept in the record, so that the clash check
 * replays it from then on.
 */
export async function storyOfReviewItem(store: StateStore, workflowId: string | undefined, id: string): Promise<{ description: string; stories: SavedStory[] } | undefined> {
	let saved: SavedStory | undefined;
	await changeReview(store, workflowId, (current) => {
		const item = current.items.find((candidate) => candidate.id === id);
		if (!item) throw new ReviewRequestError(`No message ${JSON.stringify(id)} is on the review list (it may have been forgotten)`);
		if (!item.assigned) throw new ReviewRequestError('Assign the message to an action (or "not an action") before saving its conversation as a story');
		const earlier = (item.turns ?? []).slice(0, -1);
		const expect = item.assigned === NOT_AN_ACTION ? 'no match' : `route ${item.assigned}`;
		saved = { name: `reviewed: "${item.message.slice(0, 60)}" → ${item.assigned}`, turns: [...earlier, { say: item.message, expect }] };
		return { ...current, stories: [...current.stories.filter((story) => story.name !== saved!.name), saved] };
	});
	if (!saved) return undefined;
	return {
		description: 'A conversation from the Review page, its last turn as the flow owner assigned it. Add "workflow": "<your exported flow>.json" to play it with npx chat-actions-stories.',
		stories: [saved],
	};
}

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/g;
const PHONE_OR_NUMBER = /\+?\d[\d\s().-]{5,}\d|\d{3,}/g;

/** A message as the review list keeps it under Personal Data: Sealed: emails, phones and numbers masked. */
export function maskedMessage(message: string): string {
	return message.replace(EMAIL, (email) => displayForm(email)).replace(PHONE_OR_NUMBER, (number) => displayForm(number));
}
