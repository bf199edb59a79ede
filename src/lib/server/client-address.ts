import type { RequestEvent } from '@sveltejs/kit';

/**
 * The client's address, for rate limits and the audit log. A forwarding header is believed only
 * when the operator names it (TRUSTED_PROXY_HEADER): anyone can send such a header otherwise.
 * With a list (X-Forwarded-For: client, proxy1), the entry `proxyCount` from the right is the one
 * the nearest trusted proxy saw.
 */
export function clientAddress(
	event: Pick<RequestEvent, 'request' | 'getClientAddress'>,
	trustedHeader: string | undefined,
	proxyCount = 1
): string | null {
	return clientAddressOf(
		(name) => event.request.headers.get(name),
		() => event.getClientAddress(),
		trustedHeader,
		proxyCount
	);
}

/** The same, from a header reader and the connection's own address (for the front door). */
export function clientAddressOf(
	header: (name: string) => string | null,
	direct: () => string | null,
	trustedHeader: string | undefined,
	proxyCount = 1
): string | null {
	if (trustedHeader) {
		const value = header(trustedHeader);
		if (!value) return null;
		const entries = value
			.split(',')
			.map((entry) => entry.trim())
			.filter(Boolean);
		return entries.at(-proxyCount) ?? entries[0] ?? null;
	}
	try {
		return direct();
	} catch {
		return null;
	}
}
