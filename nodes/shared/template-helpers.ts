/**
 * What a template may call besides its variables (`default`, `json`, `lowercase`, `uppercase`,
 * `trim`, `eq`, `date`), how a value becomes text, and the error every template failure is.
 */
import type Handlebars from 'handlebars';
import type * as Luxon from 'luxon';

import { lazy } from './lazy';

// Required on first use, not when n8n loads the nodes at start (see lazy.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const luxon = lazy(() => require('luxon') as typeof Luxon);

export class TemplateError extends Error {
	constructor(
		message: string,
		/** The `{{…}}` expression at fault, when there is one. */
		readonly expression?: string,
	) {
		super(message);
		this.name = 'TemplateError';
	}
}

/** JSON text produced by the `json` helper: inserted as is where a JSON value goes. */
export class JsonFragment {
	constructor(readonly text: string) {}
	toString(): string {
		return this.text;
	}
}

type HelperOptions = Handlebars.HelperOptions;

export function toText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (value instanceof JsonFragment) return value.text;
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

function toDateTime(value: unknown, zone: string | undefined): Luxon.DateTime {
	const { DateTime } = luxon();
	const options = { zone: zone ?? 'utc' };
	if (value === 'now') return DateTime.now().setZone(options.zone);
	if (value instanceof Date) return DateTime.fromJSDate(value, options);
	if (typeof value === 'number') return DateTime.fromMillis(value, options);
	// An ISO string keeps its own offset unless a zone is asked for.
	if (typeof value === 'string') return DateTime.fromISO(value, zone ? options : { setZone: true });
	return DateTime.invalid('not a date');
}

export const HELPERS: Handlebars.HelperDeclareSpec = {
	/** `{{default fields.plan "free"}}`: the value, or the fallback when it is empty. */
	default(value: unknown, fallback: unknown) {
		return value === undefined || value === null || value === '' ? fallback : value;
	},
	/** `{{json fields}}`: the value as JSON text. */
	json(value: unknown) {
		return new JsonFragment(JSON.stringify(value === undefined ? null : value));
	},
	lowercase(value: unknown) {
		return value === undefined || value === null ? value : toText(value).toLowerCase();
	},
	uppercase(value: unknown) {
		return value === undefined || value === null ? value : toText(value).toUpperCase();
	},
	trim(value: unknown) {
		return value === undefined || value === null ? value : toText(value).trim();
	},
	/** `{{#if (eq action.name "unsubscribe")}}`. */
	eq(a: unknown, b: unknown) {
		return a === b;
	},
	/**
	 * `{{date metadata.receivedAt "yyyy-MM-dd"}}`, `{{date "now" "HH:mm" zone="Europe/Paris"}}`.
	 * Accepts ISO strings, epoch milliseconds and Dates; no format gives ISO 8601.
	 */
	date(value: unknown, ...rest: unknown[]) {
		const options = rest.pop() as HelperOptions;
		const format = typeof rest[0] === 'string' ? rest[0] : undefined;
		if (value === undefined || value === null || value === '') return value;
		const zone = typeof options.hash.zone === 'string' ? options.hash.zone : undefined;
		const date = toDateTime(value, zone);
		if (!date.isValid) {
			throw new TemplateError(`The date helper got "${toText(value)}", which is not a date`);
		}
		return format ? date.toFormat(format) : date.toISO();
	},
};
