/**
 * The ways a request is authenticated, each with one credential type of this package. The
 * trigger verifies what a widget sends with them (ChatActionTrigger/engine/verification.ts);
 * the HTTP Action authenticates what it sends (HttpAction/authentication.ts).
 */
/** The header names a credential uses unless it names others: the trigger, the HTTP Action and the credentials read them here. */
export const DEFAULT_HEADER_NAMES = {
	apiKey: 'X-API-Key',
	signature: 'X-Signature',
	timestamp: 'X-Timestamp',
} as const;

export type AuthenticationName = 'none' | 'bearer' | 'header' | 'basic' | 'hmac';

export interface AuthenticationMethod {
	name: AuthenticationName;
	displayName: string;
	credentialType?: string;
}

export const AUTHENTICATION_METHODS: Record<AuthenticationName, AuthenticationMethod> = {
	none: { name: 'none', displayName: 'None' },
	bearer: { name: 'bearer', displayName: 'Bearer Token', credentialType: 'chatActionsBearerApi' },
	header: { name: 'header', displayName: 'API Key in a Header', credentialType: 'chatActionsHeaderApi' },
	basic: { name: 'basic', displayName: 'Basic Auth', credentialType: 'chatActionsBasicApi' },
	hmac: { name: 'hmac', displayName: 'HMAC Signature', credentialType: 'chatActionsHmacApi' },
};
