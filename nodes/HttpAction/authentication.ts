/**
 * How the HTTP Action authenticates, per credential type of this package: which credential
 * to use, which headers it adds (shown as hidden in request records), and which values are
 * secrets to mask in everything the node outputs.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

export type AuthenticationName = 'none' | 'bearer' | 'header' | 'basic' | 'hmac';

interface AuthenticationSpec {
	name: AuthenticationName;
	displayName: string;
	credentialType?: string;
	headers: (credentials: ICredentialDataDecryptedObject) => string[];
	secrets: (credentials: ICredentialDataDecryptedObject) => string[];
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export const AUTHENTICATIONS: Record<AuthenticationName, AuthenticationSpec> = {
	none: { name: 'none', displayName: 'None', headers: () => [], secrets: () => [] },
	bearer: {
		name: 'bearer',
		displayName: 'Bearer Token',
		credentialType: 'chatActionsBearerApi',
		headers: () => ['Authorization'],
		secrets: (c) => [text(c.token)],
	},
	header: {
		name: 'header',
		displayName: 'API Key in a Header',
		credentialType: 'chatActionsHeaderApi',
		headers: (c) => [text(c.headerName) || 'X-API-Key'],
		secrets: (c) => [text(c.apiKey)],
	},
	basic: {
		name: 'basic',
		displayName: 'Basic Auth',
		credentialType: 'chatActionsBasicApi',
		headers: () => ['Authorization'],
		secrets: (c) => [text(c.password), Buffer.from(`${text(c.user)}:${text(c.password)}`).toString('base64')],
	},
	hmac: {
		name: 'hmac',
		displayName: 'HMAC Signature',
		credentialType: 'chatActionsHmacApi',
		headers: (c) => [text(c.signatureHeader) || 'X-Signature'],
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
