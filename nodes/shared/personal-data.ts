/**
 * Personal data kept out of n8n's saved executions. n8n saves every node's output items, so a
 * chat turn's email, phone, name and words would sit in every saved execution. With the option
 * on, each of this package's nodes outputs the turn with those values in a redacted display
 * form (`a***@example.com`) and the real ones sealed, with AES-256-GCM, in one string on the
 * item (`sealedPersonalData`). The next node of ours that needs them unseals the item, works on
 * the real values, and seals its own output again.
 *
 * The key comes from a credential: in queue mode the trigger runs in the main (or webhook)
 * process and the rest of the flow in a worker, and only credentials reach both. Deleting or
 * rotating that credential's key leaves old saved executions unreadable (crypto-shredding).
 *
 * A node that changed a value on the way (a Set node writing `fields.email`) wins: a sealed
 * value is put back only where the item still holds its display form.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

import { type ChatTurn, isPlainObject } from './contract';

/** The item key that carries the sealed values. */
export const SEALED_KEY = 'sealedPersonalData';

/** Characters a key must have at least: 32 random characters are well above 128 bits. */
export const MIN_KEY_LENGTH = 32;

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds the ciphertext to its use: a value sealed for anything else does not open here. */
const AAD = Buffer.from('n8n-nodes-chat-actions personal data v1');
const HKDF_SALT = Buffer.from('n8n-nodes-chat-actions');
const HKDF_INFO = Buffer.from('personal data sealing key');

export type PersonalDataErrorKind = 'missing_key' | 'weak_key' | 'wrong_key' | 'malformed' | 'not_enabled';

/** What went wrong with sealed personal data; its message never holds a key nor a personal value. */
export class PersonalDataError extends Error {
	constructor(
		readonly kind: PersonalDataErrorKind,
		message: string,
	) {
		super(message);
		this.name = 'PersonalDataError';
	}
}

type PathPart = string | number;
type Path = PathPart[];

/**
 * Where a turn holds personal data. `*` is any key or index; `**` is every string below.
 * The ids (conversation, visitor, chatbot) stay: they are what state and flows are keyed on.
 */
const PERSONAL_PATHS: string[][] = [
	['message'],
	// n8n's Chat Trigger's text, which the router's output passes on.
	['chatInput'],
	['visitor', 'name'],
	['visitor', 'email'],
	['visitor', 'phone'],
	['contact', '**'],
	['user', '**'],
	['fields', '**'],
	['conversation', 'thread', '*', 'text'],
	['conversation', 'actionsTaken', '*', 'fields', '**'],
	// An uploaded file's name can name its owner ("passport-grace-hopper.jpg").
	['files', '*', 'fileName'],
	// What the visitor reads may repeat what they said ("Checking ada@example.com.").
	['reply', 'message'],
	['reply', 'data', '**'],
	// HTTP Action: what the API answered, and the request a failure or a dry run records.
	['response', 'fields', '**'],
	['request', 'url'],
	['request', 'body'],
	['error', 'request', 'url'],
	['error', 'request', 'body'],
	['error', 'responseBody', '**'],
];

/** A 256-bit key from the credential's secret; the same secret gives the same key in every process. */
export interface SealingKey {
	key: Buffer;
	/** Names the key in sealed values, so a wrong key is told apart from damaged data. Reveals nothing of it. */
	id: string;
}

const derived = new Map<string, SealingKey>();

export function sealingKey(secret: unknown): SealingKey {
	if (typeof secret !== 'string' || secret === '') {
		throw new PersonalDataError('missing_key', 'The Personal Data Key credential has no key');
	}
	if (secret.length < MIN_KEY_LENGTH) {
		throw new PersonalDataError(
			'weak_key',
			`The Personal Data Key is ${secret.length} characters long; use at least ${MIN_KEY_LENGTH} random characters (e.g. openssl rand -base64 32)`,
		);
	}
	let found = derived.get(secret);
	if (!found) {
		const key = Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
		found = { key, id: createHash('sha256').update(key).update('key id').digest('hex').slice(0, 8) };
		derived.set(secret, found);
	}
	return found;
}

/** How a personal value is shown in items: enough to recognise it, not enough to use it. */
export function displayForm(value: string): string {
	const text = value.trim();
	const email = /^([^\s@]+)@([^\s@]+\.[^\s@]+)$/.exec(text);
	if (email) return `${email[1][0]}***@${email[2]}`;
	const digits = text.replace(/\D/g, '');
	if (/^\+?[\d\s().-]+$/.test(text) && digits.length >= 7) return `***${digits.slice(-2)}`;
	const first = Array.from(text)[0] ?? '';
	if (!/\s/.test(text)) return `${first}***`;
	return `${first}*** (${text.length} characters)`;
}

function matches(pattern: string[], path: Path): 'leaf' | 'below' | false {
	for (let index = 0; index < pattern.length; index++) {
		const part = pattern[index];
		if (part === '**') return 'below';
		if (index >= path.length) return false;
		if (part !== '*' && part !== String(path[index])) return false;
	}
	return path.length === pattern.length ? 'leaf' : false;
}

function isPersonal(path: Path): boolean {
	return PERSONAL_PATHS.some((pattern) => matches(pattern, path) !== false);
}

/** Every non-empty string leaf of the value at a personal path, with its path. */
function personalLeaves(value: unknown, path: Path = [], found: Array<[Path, string]> = []): Array<[Path, string]> {
	if (typeof value === 'string') {
		if (value.trim() !== '' && path.length > 0 && isPersonal(path)) found.push([path, value]);
	} else if (Array.isArray(value)) {
		value.forEach((entry, index) => personalLeaves(entry, [...path, index], found));
	} else if (isPlainObject(value)) {
		for (const [key, entry] of Object.entries(value)) {
			if (path.length === 0 && key === SEALED_KEY) continue;
			personalLeaves(entry, [...path, key], found);
		}
	}
	return found;
}

function getAt(value: unknown, path: Path): unknown {
	let node = value;
	for (const part of path) {
		if (!isPlainObject(node) && !Array.isArray(node)) return undefined;
		node = (node as Record<string, unknown>)[part as string];
	}
	return node;
}

/** A copy of `value` with the leaf at `path` replaced (containers along the path copied). */
function setAt(value: unknown, path: Path, leaf: unknown): unknown {
	if (path.length === 0) return leaf;
	const [head, ...rest] = path;
	const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
	(copy as Record<string, unknown>)[head as string] = setAt((copy as Record<string, unknown>)[head as string], rest, leaf);
	return copy;
}

function encrypt(plain: string, key: SealingKey): string {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key.key, iv);
	cipher.setAAD(AAD);
	const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	return `${VERSION}.${key.id}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

function decrypt(sealed: string, key: SealingKey): string {
	const [version, keyId, data, extra] = sealed.split('.');
	if (version !== VERSION || !keyId || !data || extra !== undefined) {
		throw new PersonalDataError('malformed', `The item's ${SEALED_KEY} is not a sealed value this version can read`);
	}
	if (keyId !== key.id) {
		throw new PersonalDataError(
			'wrong_key',
			`The item's personal data was sealed with another key (key id ${keyId}; this node's Personal Data Key has id ${key.id}). Use the same Personal Data Key credential on every Chat Actions node of the flow`,
		);
	}
	const raw = Buffer.from(data, 'base64url');
	try {
		const decipher = createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, IV_BYTES));
		decipher.setAAD(AAD);
		decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
		return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
	} catch {
		throw new PersonalDataError('malformed', `The item's ${SEALED_KEY} was changed or damaged: it does not open with its key`);
	}
}

/**
 * The turn as it may be saved: personal values in their display form, the real ones sealed
 * under `SEALED_KEY`. A turn with none keeps no sealed value.
 */
export function sealTurn<T extends ChatTurn>(turn: T, key: SealingKey): T {
	const leaves = personalLeaves(turn);
	let sealed: unknown = { ...turn };
	delete (sealed as Record<string, unknown>)[SEALED_KEY];
	for (const [path, value] of leaves) sealed = setAt(sealed, path, displayForm(value));
	if (leaves.length === 0) return sealed as T;
	return { ...(sealed as T), [SEALED_KEY]: encrypt(JSON.stringify(leaves), key) };
}

/** Whether an item carries sealed personal data. */
function isSealed(item: Record<string, unknown>): boolean {
	return typeof item[SEALED_KEY] === 'string';
}

/**
 * The turn with its real values back where the item still shows their display form; a value
 * another node changed on the way is kept as it is. A turn without sealed data is returned as it is.
 */
export function unsealTurn<T extends ChatTurn>(turn: T, key: SealingKey): T {
	if (!isSealed(turn)) return turn;
	let leaves: unknown;
	try {
		leaves = JSON.parse(decrypt(turn[SEALED_KEY] as string, key));
	} catch (error) {
		if (error instanceof PersonalDataError) throw error;
		throw new PersonalDataError('malformed', `The item's ${SEALED_KEY} does not hold sealed values`);
	}
	if (!Array.isArray(leaves)) throw new PersonalDataError('malformed', `The item's ${SEALED_KEY} does not hold sealed values`);
	let open: unknown = { ...turn };
	delete (open as Record<string, unknown>)[SEALED_KEY];
	for (const leaf of leaves) {
		if (!Array.isArray(leaf) || !Array.isArray(leaf[0]) || typeof leaf[1] !== 'string') continue;
		const [path, value] = leaf as [Path, string];
		if (getAt(open, path) === displayForm(value)) open = setAt(open, path, value);
	}
	return open as T;
}

/** For a node whose option is off: a sealed item would be read in its display form, so say so. */
export function refuseSealed(item: Record<string, unknown>): void {
	if (isSealed(item)) {
		throw new PersonalDataError(
			'not_enabled',
			'This item\'s personal data is sealed (an earlier node keeps it out of saved executions). Set this node\'s "Personal Data" to "Sealed" with the same Personal Data Key credential',
		);
	}
}
