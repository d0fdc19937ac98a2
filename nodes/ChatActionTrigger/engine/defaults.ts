/**
 * The trigger's defaults, in one place: the node falls back to them, and its option descriptions
 * write the same values out (test/unit/description-defaults.test.ts keeps them equal).
 */
import { ENGLISH } from '../../shared/languages';

export const TRIGGER_DEFAULTS = {
	/** Larger request bodies get 413. */
	maxBodySizeKb: 64,
	/** How old a signed request's timestamp may be. */
	signatureWindowSeconds: 300,
	/** Messages per conversation (visitor) per minute; 0 turns the limit off. */
	rateLimitPerMinute: 30,
	/**
	 * Messages per client address per minute; 0 turns it off. Visitors behind one office or
	 * mobile-carrier address share it, so it sits well above one visitor's pace.
	 */
	addressRateLimitPerMinute: 120,
	/** English: the trigger answers a flood before anything has read the visitor's language. */
	rateLimitReply: ENGLISH.trigger.rateLimited,
	/** Files one message may carry when uploads are accepted. */
	maxFiles: 5,
	/** Larger uploaded files get 413. */
	maxFileSizeKb: 5120,
	/** Uploaded files of other (browser-declared) types get 415. */
	allowedFileTypes: 'image/*, application/pdf, text/plain, text/csv',
} as const;
