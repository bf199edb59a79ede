import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.ts';

const event = (headers: Record<string, string>, socket = '10.0.0.5') => ({
	request: new Request('http://localhost/', { headers }),
	getClientAddress: () => socket
});

describe('client address', () => {
	it('uses the socket address and ignores forwarding headers nobody configured', () => {
		expect(clientAddress(event({ 'x-forwarded-for': '1.2.3.4' }), undefined)).toBe('10.0.0.5');
	});

	it('believes the configured proxy header, taking the entry the nearest proxy added', () => {
		const forged = event({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' });
		expect(clientAddress(forged, 'X-Forwarded-For', 1)).toBe('203.0.113.9');
		expect(clientAddress(forged, 'X-Forwarded-For', 2)).toBe('6.6.6.6');
	});

	it('answers unknown rather than guessing when the configured header is missing', () => {
		expect(clientAddress(event({}), 'X-Real-IP')).toBeNull();
	});
});
