/**
 * What keeps Redis from holding personal data in the clear: every value is sealed with
 * AES-256-GCM (authenticated: a changed byte or another key fails to open, it never decrypts to
 * garbage), and every key names a keyed hash of the conversation (or address) instead of the id
 * itself, so a key list or a backup shows no phone number, email or IP address.
 *
 * Both keys come from one secret by HKDF: the credential's Encryption Key, or, when that is
 * empty, its password (then anyone who can log into Redis can read the state, but a copied dump
 * or backup without the password cannot).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

import { StateStoreError } from '../errors';

/** First byte of a sealed value: the format, so a later one can be told apart. */
const FORMAT_V1 = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_SALT = 'n8n-nodes-chat-actions';

function derive(secret: string, purpose: string): Buffer {
	return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), HKDF_SALT, purpose, 32));
}

export class StateCipher {
	private readonly sealingKey: Buffer;
	private readonly namingKey: Buffer;
	/** Names this secret without revealing it (the key check, the connection cache). */
	readonly fingerprint: string;

	constructor(secret: string) {
		this.sealingKey = derive(secret, 'state sealing');
		this.namingKey = derive(secret, 'state key names');
		this.fingerprint = derive(secret, 'fingerprint').toString('base64url').slice(0, 16);
	}

	/** A key part for `id` that reveals nothing of it and is the same in every process with this secret. */
	name(id: string): string {
		return createHmac('sha256', this.namingKey).update(id, 'utf8').digest('base64url');
	}

	/**
	 * `text` sealed for the Redis key `where`: a value moved under another key (another
	 * conversation's) does not open there.
	 */
	seal(text: string, where: string): Buffer {
		const iv = randomBytes(IV_BYTES);
		const cipher = createCipheriv('aes-256-gcm', this.sealingKey, iv);
		cipher.setAAD(Buffer.from(where, 'utf8'));
		const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
		return Buffer.concat([Buffer.from([FORMAT_V1]), iv, cipher.getAuthTag(), body]);
	}

	/** The text sealed for `where`; a StateStoreError ('unreadable') when it was changed or sealed with another secret. */
	open(sealed: Buffer, where: string): string {
		if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_V1) {
			throw unreadable(where);
		}
		const iv = sealed.subarray(1, 1 + IV_BYTES);
		const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
		try {
			const decipher = createDecipheriv('aes-256-gcm', this.sealingKey, iv);
			decipher.setAAD(Buffer.from(where, 'utf8'));
			decipher.setAuthTag(tag);
			return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
		} catch {
			throw unreadable(where);
		}
	}
}

function unreadable(where: string): StateStoreError {
	return new StateStoreError(
		'unreadable',
		`The value under Redis key ${where} could not be decrypted: it was changed outside n8n, or written with another encryption key`,
	);
}
