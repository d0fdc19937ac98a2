/** The Chat Actions Redis credential's test, as n8n calls it from the nodes that use the credential. */
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { testRedisConnection } from './state';

export async function chatActionsRedisConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	return await testRedisConnection(credential);
}
