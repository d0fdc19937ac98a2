/**
 * The state stores' own errors (the engines know nothing of n8n: the router node turns these
 * into NodeOperationError). Messages never hold a password: they are built from host, port
 * and a reason that has been scrubbed of the credential's secrets.
 */

export type StateStoreErrorKind = 'unavailable' | 'conflict' | 'invalid' | 'closed' | 'refused' | 'unreadable';

export class StateStoreError extends Error {
	readonly kind: StateStoreErrorKind;

	constructor(kind: StateStoreErrorKind, message: string) {
		super(message);
		this.name = 'StateStoreError';
		this.kind = kind;
	}
}

/** Redis cannot be reached, refused the login, or did not answer in time. Worth a retry later. */
export class StateStoreUnavailableError extends StateStoreError {
	constructor(
		/** "host:port" */
		readonly address: string,
		/** Why, without any secret. */
		readonly reason: string,
	) {
		super('unavailable', `Redis is unavailable at ${address}: ${reason}`);
		this.name = 'StateStoreUnavailableError';
	}
}

/** An update kept losing to concurrent updates of the same conversation (after bounded retries). */
export class StateStoreConflictError extends StateStoreError {
	constructor(
		readonly conversationId: string,
		readonly attempts: number,
	) {
		super(
			'conflict',
			`Could not update the state of conversation "${conversationId}": it changed concurrently ${attempts} times in a row`,
		);
		this.name = 'StateStoreConflictError';
	}
}
