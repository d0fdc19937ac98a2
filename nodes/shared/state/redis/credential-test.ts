/** The Redis credential's test (the router node's methods.credentialTest.testRedisConnection). */
import { maskSecrets } from '../../secrets';
import { messageOf, RedisConnection } from './connection';
import { type ChatActionsRedisCredentials, redisOptionsFromCredentials } from './credentials';
import { RedisStateStore } from './store';

export interface RedisConnectionTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Connects with a credential's fields, sends PING and checks that the encryption key opens the
 * state already under the key prefix (the key check), on a client of its own that is closed
 * afterwards. Takes what n8n passes to a credential test (`{ data: {…fields} }`) or the
 * fields themselves. Never throws; the message never holds the password.
 */
export async function testRedisConnection(
	credential: { data?: object } | ChatActionsRedisCredentials | Record<string, unknown>,
): Promise<RedisConnectionTestResult> {
	const data = (
		'data' in credential && typeof credential.data === 'object' && credential.data !== null ? credential.data : credential
	) as Record<string, unknown>;
	let connection: RedisConnection | undefined;
	try {
		const options = redisOptionsFromCredentials(data);
		connection = new RedisConnection({ ...options, reconnect: false, connectTimeoutMs: 5000, commandTimeoutMs: 5000 });
		await connection.ping();
		await new RedisStateStore(options, connection).verifySecret();
		return { status: 'OK', message: `Connected to Redis at ${connection.address}` };
	} catch (error) {
		const secrets = [data.password, data.encryptionSecret].filter((value): value is string => typeof value === 'string');
		return { status: 'Error', message: maskSecrets(messageOf(error), secrets) };
	} finally {
		await connection?.close();
	}
}
