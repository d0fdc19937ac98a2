/**
 * Where a request may go: an allow-list of hosts, and optionally no private, loopback or
 * link-local address (cloud metadata endpoints such as 169.254.169.254 included), for flows
 * whose URL a visitor's words can influence.
 *
 * The address check resolves the host name before n8n sends the request; a DNS answer that
 * changes in between (rebinding) is not caught here. n8n's own SSRF protection, where enabled,
 * checks at connect time.
 */
import { promises as dns } from 'node:dns';
import ipaddr from 'ipaddr.js';

export interface DestinationPolicy {
	/** Host names or "*.example.com" patterns; empty allows any host. */
	allowedHosts: string[];
	blockPrivateAddresses: boolean;
}

export type LookupAll = (hostname: string) => Promise<string[]>;

const systemLookup: LookupAll = async (hostname) =>
	(await dns.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export class DestinationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DestinationError';
	}
}

function hostMatches(host: string, pattern: string): boolean {
	const wanted = pattern.trim().toLowerCase();
	if (wanted.startsWith('*.')) return host.endsWith(wanted.slice(1)) && host.length > wanted.length - 1;
	return host === wanted;
}

/** Only public unicast addresses are fine; everything else is internal or special. */
export function isPublicAddress(address: string): boolean {
	let parsed = ipaddr.parse(address);
	if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
		parsed = (parsed as ipaddr.IPv6).toIPv4Address();
	}
	return parsed.range() === 'unicast';
}

export async function checkDestination(url: URL, policy: DestinationPolicy, lookup: LookupAll = systemLookup): Promise<void> {
	const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
	const allowed = policy.allowedHosts.filter((pattern) => pattern.trim() !== '');
	if (allowed.length > 0 && !allowed.some((pattern) => hostMatches(host, pattern))) {
		throw new DestinationError(`The host ${host} is not in this action's allowed hosts`);
	}
	if (!policy.blockPrivateAddresses) return;
	let addresses: string[];
	if (ipaddr.isValid(host)) {
		addresses = [host];
	} else {
		try {
			addresses = await lookup(host);
		} catch {
			throw new DestinationError(`The host ${host} could not be resolved`);
		}
	}
	if (addresses.length === 0 || addresses.some((address) => !isPublicAddress(address))) {
		throw new DestinationError(`The host ${host} resolves to a private or internal address, which this action refuses`);
	}
}
