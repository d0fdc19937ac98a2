/** Cancellable deadlines for the state stores' calls. */

/**
 * Resolves or rejects like `work`, but rejects with `onTimeout()` at the deadline.
 *
 * Deadlines here use setTimeout/clearTimeout, not n8n-workflow's sleep helpers (which n8n's
 * scanner asks for): a deadline must be cancelled when the work ends first, or every command
 * would leave a timer holding the event loop for up to `timeoutMs`, and close() one for 1 s.
 * n8n-workflow has no cancellable sleep that works on both n8n lines this package runs on
 * (it uses the n8n-workflow of the n8n that loads it): 2.41 (n8n 2.41.1) has `sleep(ms,
 * signal)` and no `sleepWithAbort`; 1.120.31 (n8n 1.123.81) has `sleepWithAbort(ms, signal)`
 * and a `sleep(ms)` that ignores a signal. test/package/n8n-scanner.test.ts allows these (here and in
 * redis/connection.ts, whose connect and quit waits are deadlines too).
 */
export async function withDeadline<T>(deadline: number, work: () => Promise<T>, onTimeout: () => Error): Promise<T> {
	return await new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - Date.now()));
		work().then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error);
			},
		);
	});
}
