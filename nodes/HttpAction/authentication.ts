/**
 * How the HTTP Action authenticates, per credential type of this package: which headers the
 * credential adds (shown as hidden in request records), and which values are secrets to mask
 * in everything the node outputs.
 *
 * The node never computes a credential header itself: n8n adds them when it sends, through the
 * credential's `authenticate` (credentials/*.credentials.ts). HMAC signing happens there too,
 * with `signRequest` from nodes/shared/signing.ts, over the exact bytes sent.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import { AUTHENTICATION_METHODS, type AuthenticationMethod, type AuthenticationName, DEFAULT_HEADER_NAMES } from '../shared/authentication';

export type { AuthenticationName } from '../shared/authentication';

interface AuthenticationSpec extends AuthenticationMethod {
	headers: (credentials: ICredentialDataDecryptedObject) => string[];
	secrets: (credentials: ICredentialDataDecryptedObject) => string[];
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export const AUTHENTICATIONS: Record<AuthenticationName, AuthenticationSpec> = {
	none: { ...AUTHENTICATION_METHODS.none, headers: () => [], secrets: () => [] },
	bearer: {
		...AUTHENTICATION_METHODS.bearer,
		headers: () => ['Authorization'],
		secrets: (c) => [text(c.token)],
	},
	header: {
		...AUTHENTICATION_METHODS.header,
		headers: (c) => [text(c.headerName) || DEFAULT_HEADER_NAMES.apiKey],
		secrets: (c) => [text(c.apiKey)],
	},
	basic: {
		...AUTHENTICATION_METHODS.basic,
		headers: () => ['Authorization'],
		secrets: (c) => [text(c.password), Buffer.from(`${text(c.user)}:${text(c.password)}`).toString('base64')],
	},
	hmac: {
		...AUTHENTICATION_METHODS.hmac,
		headers: (c) => [text(c.signatureHeader) || DEFAULT_HEADER_NAMES.signature],
		secrets: (c) => [text(c.secret)],
	},
};

export interface ResolvedAuthentication {
	headers: string[];
	secrets: string[];
	baseUrl?: string;
}

export async function authenticationFor(ctx: IExecuteFunctions, name: AuthenticationName): Promise<ResolvedAuthentication> {
	const spec = AUTHENTICATIONS[name] ?? AUTHENTICATIONS.none;
	if (!spec.credentialType) return { headers: [], secrets: [] };
	const credentials = await ctx.getCredentials(spec.credentialType);
	return {
		headers: spec.headers(credentials),
		secrets: spec.secrets(credentials),
		baseUrl: text(credentials.baseUrl).trim() || undefined,
	};
}
