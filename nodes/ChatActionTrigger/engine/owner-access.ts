/**
 * Who may see the flow owner's views (the test page's Why panel, the Review and Insight pages)
 * and what an owner request asks. They show what visitors wrote and change what the router
 * learns, so they live only behind the trigger's own authentication: Basic Auth, a Bearer token
 * or a key in a header. With None anyone could ask; an HMAC signature is made by a backend (a
 * browser page cannot sign); a channel's signature is the channel's.
 */
import { INSIGHT_KEPT_DAYS } from '../../shared/insight';

const OWNER_VERIFICATIONS = ['basic', 'bearer', 'header'] as const;
type OwnerVerification = (typeof OWNER_VERIFICATIONS)[number];

function isOwnerVerification(value: unknown): value is OwnerVerification {
	return OWNER_VERIFICATIONS.includes(value as OwnerVerification);
}

const VERIFICATION_NAMES: Record<string, string> = {
	none: 'None',
	hmac: 'HMAC Signature',
	chatwoot: 'Chatwoot Signature',
	telegram: 'Telegram Secret Token',
	whatsapp: 'WhatsApp Signature',
};

/** What to set, said to the owner: undefined when `verification` keeps `feature` behind authentication. */
export function ownerAccessProblem(feature: string, verification: string): string | undefined {
	if (isOwnerVerification(verification)) return undefined;
	const now = VERIFICATION_NAMES[verification] ?? verification;
	return `${feature} works only behind the trigger's authentication: set its Verification to Basic Auth, Bearer Token or API Key in a Header (it is ${now})`;
}

const OWNER_OPS = ['list', 'assign', 'dismiss', 'undo', 'story', 'insight'] as const;
export type OwnerOp = (typeof OWNER_OPS)[number];

/** One request of the owner's pages: the body `{"owner": {...}}`. */
export interface OwnerRequest {
	op: OwnerOp;
	id?: string;
	action?: string;
	force?: boolean;
	days?: number;
}

/** Longest review item id and action name a request may carry. */
const MAX_NAME = 200;
/** The insight page shows at most the days the counts are kept. */
const MAX_INSIGHT_DAYS = INSIGHT_KEPT_DAYS;

class OwnerRequestError extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a request body is an owner request, before it is checked: an `owner` object with an
 * `op` (no widget's chat turn has one).
 */
export function isOwnerBody(body: unknown): body is { owner: Record<string, unknown> } {
	return isRecord(body) && isRecord(body.owner) && typeof body.owner.op === 'string';
}

function name(value: unknown, what: string): string {
	if (typeof value !== 'string' || value === '' || value.length > MAX_NAME) throw new OwnerRequestError(`"owner.${what}" must be a text of 1 to ${MAX_NAME} characters`);
	return value;
}

/** The owner request in a body's `owner`, checked: the op and what it needs; or what is wrong with it. */
export function readOwnerRequest(owner: unknown): { ok: true; request: OwnerRequest } | { ok: false; message: string } {
	try {
		return { ok: true, request: checkedRequest(owner) };
	} catch (error) {
		// Only OwnerRequestError is thrown while reading; anything else is answered as unreadable, not re-thrown.
		return { ok: false, message: error instanceof OwnerRequestError ? error.message : 'The owner request could not be read' };
	}
}

function checkedRequest(owner: unknown): OwnerRequest {
	if (!isRecord(owner)) throw new OwnerRequestError('"owner" must be an object: {"op": "list" | "assign" | "dismiss" | "undo" | "story" | "insight", …}');
	const op = owner.op as OwnerOp;
	if (!OWNER_OPS.includes(op)) throw new OwnerRequestError(`"owner.op" must be one of ${OWNER_OPS.join(', ')} (got ${JSON.stringify(owner.op)})`);
	switch (op) {
		case 'list':
			return { op };
		case 'insight': {
			const days = owner.days === undefined ? undefined : Number(owner.days);
			if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= MAX_INSIGHT_DAYS)) {
				throw new OwnerRequestError(`"owner.days" must be a whole number from 1 to ${MAX_INSIGHT_DAYS}`);
			}
			return { op, ...(days ? { days } : {}) };
		}
		case 'assign':
			if (owner.force !== undefined && typeof owner.force !== 'boolean') throw new OwnerRequestError('"owner.force" must be true or false');
			return { op, id: name(owner.id, 'id'), action: name(owner.action, 'action'), force: owner.force === true };
		default:
			return { op, id: name(owner.id, 'id') };
	}
}
