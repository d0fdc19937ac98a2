/**
 * The n8n side of sealed personal data (the engine is personal-data.ts): the "Personal Data"
 * parameter and credential every node of ours shows, and reading the key from the credential.
 */
import {
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeProperties,
	NodeOperationError,
} from 'n8n-workflow';

import type { ChatTurn } from './contract';
import { MIN_KEY_LENGTH, PersonalDataError, refuseSealed, type SealingKey, sealingKey, sealTurn, unsealTurn } from './personal-data';

const PERSONAL_DATA_CREDENTIAL = 'chatActionsPersonalDataApi';

/** Plain is the default: sealing needs a key credential, and other nodes mapping `fields.email` would see its display form. */
const PERSONAL_DATA_DEFAULT = 'plain';

export const personalDataProperty: INodeProperties = {
	displayName: 'Personal Data',
	name: 'personalData',
	type: 'options',
	options: [
		{
			name: 'In Items',
			value: 'plain',
			description: 'Email, phone, name, messages and fields are in the output items (and so in saved executions) as sent',
		},
		{
			name: 'Sealed (Redacted in Items)',
			value: 'sealed',
			description:
				'Items show them redacted (a***@example.com); the real values travel encrypted and only Chat Actions nodes with the same key read them',
		},
	],
	default: PERSONAL_DATA_DEFAULT,
	description:
		'Whether to keep personal data out of the items n8n saves in executions. Sealed needs the same Personal Data Key on every Chat Actions node of the flow, and a Chat Reply node to answer.',
};

/** On the trigger: in "When Last Node Finishes" n8n answers with the saved (redacted) reply. */
export const personalDataResponseNotice: INodeProperties = {
	displayName:
		'With personal data sealed, answer with a Chat Reply node (Respond: Using a Chat Reply Node): when the last node finishes, n8n would answer with the redacted reply',
	name: 'personalDataNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { personalData: ['sealed'], responseMode: ['lastNode'] } },
};

interface KeyReader {
	getNodeParameter(name: string, itemIndex: number, fallback?: unknown): unknown;
	getCredentials(type: string): Promise<Record<string, unknown>>;
}

/** The node's sealing key, or undefined when its personal data stays in the items. */
export async function personalDataKey(ctx: KeyReader): Promise<SealingKey | undefined> {
	if (ctx.getNodeParameter('personalData', 0, PERSONAL_DATA_DEFAULT) !== 'sealed') return undefined;
	let credential: Record<string, unknown>;
	try {
		credential = await ctx.getCredentials(PERSONAL_DATA_CREDENTIAL);
	} catch {
		throw new PersonalDataError('missing_key', '"Personal Data" is "Sealed" but no Personal Data Key credential is set on this node');
	}
	return sealingKey(credential.secret);
}

/** How a node of ours reads its input items and writes its output items. */
export interface PersonalDataHandling {
	/** The item with its real values (sealed ones opened); a sealed item on a node set to "In Items" is an error. */
	open(json: Record<string, unknown>, itemIndex: number): ChatTurn;
	/** The item to output: sealed when the node says so. */
	close<T extends ChatTurn>(json: T): T;
}

/** The node's handling of personal data; a missing or weak key fails the node with the reason. */
export async function personalDataFor(ctx: IExecuteFunctions): Promise<PersonalDataHandling> {
	let key: SealingKey | undefined;
	try {
		key = await personalDataKey(ctx as unknown as KeyReader);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message);
	}
	return {
		open(json, itemIndex) {
			try {
				if (key) return unsealTurn(json as ChatTurn, key);
				refuseSealed(json);
				return json as ChatTurn;
			} catch (error) {
				throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
			}
		},
		close: (json) => (key ? sealTurn(json, key) : json),
	};
}

/** The credential's test: a key sealing can use (every node using the credential names it in `testedBy`). */
export async function chatActionsPersonalDataKeyTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return testPersonalDataKey(credential as { data?: Record<string, unknown> });
}

export function testPersonalDataKey(credential: { data?: Record<string, unknown> }): INodeCredentialTestResult {
	try {
		const key = sealingKey(credential.data?.secret);
		return { status: 'OK', message: `The key can seal personal data (key id ${key.id}, at least ${MIN_KEY_LENGTH} characters)` };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}
