// The slice of autocannon 9 the load benchmark uses; the package ships no types.
declare module 'autocannon' {
	namespace autocannon {
		interface Request {
			method?: string;
			path?: string;
			headers?: Record<string, string>;
			body?: string;
			setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
			onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
		}
		interface Options {
			url: string;
			connections?: number;
			duration?: number;
			/** Seconds before a request counts as timed out. */
			timeout?: number;
			requests?: Request[];
			initialContext?: Record<string, unknown>;
		}
		interface Histogram {
			average: number;
			mean: number;
			p50: number;
			p90: number;
			p99: number;
			max: number;
			total: number;
		}
		interface Result {
			duration: number;
			errors: number;
			timeouts: number;
			non2xx: number;
			resets: number;
			latency: Histogram;
			requests: Histogram & { sent: number };
		}
	}
	function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
	export = autocannon;
}
