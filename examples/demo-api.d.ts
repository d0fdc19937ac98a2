/** Types for demo-api.js (plain CommonJS, so scripts and ts-jest tests can both load it). */
export interface DemoApiRequest {
	method: string;
	path: string;
	status: number;
	idempotencyKey: string | null;
	/** True when a stored response was sent again for a repeated Idempotency-Key. */
	replayed: boolean;
	/** The parsed JSON body (null when there was none or it did not parse). */
	body: Record<string, unknown> | null;
}

export interface DemoApiSideEffect {
	kind: 'lead' | 'unsubscribe' | 'confirmation_email' | 'api_key_reset' | 'rate_limit_lifted' | 'handoff' | 'handoff_message';
	[key: string]: unknown;
}

export interface DemoApi {
	url: string;
	port: number;
	requests: DemoApiRequest[];
	sideEffects: DemoApiSideEffect[];
	/** Back to the seed data; forgets requests, side effects and idempotency keys. */
	reset(): void;
	close(): Promise<void>;
}

export function startDemoApi(options?: {
	/** Default $DEMO_API_PORT or 5681; 0 picks a free port. */
	port?: number;
	host?: string;
	/** Default $DEMO_API_TOKEN or "demo-token". */
	token?: string;
	/** One line per request; default console.log, false for none. */
	log?: ((line: string) => void) | false;
}): Promise<DemoApi>;
