import { describe, expect, it } from 'vitest';
import { clientKey, limitReached, perEventAllowance } from './limits.ts';

describe('registration limits', () => {
	it('gives a client the seats of an event and a quarter more, at least 10 and at most 500', () => {
		const event = { format: 'digital' as const, capacityOnSite: null, capacityDigital: null };
		expect(perEventAllowance({ ...event, capacity: 4 })).toBe(10);
		expect(perEventAllowance({ ...event, capacity: 250 })).toBe(313);
		expect(perEventAllowance({ ...event, capacity: 1000 })).toBe(500);
		expect(perEventAllowance({ ...event, capacity: null })).toBe(500);
		expect(perEventAllowance({ format: 'hybrid', capacity: null, capacityOnSite: 40, capacityDigital: 60 })).toBe(125);
		expect(perEventAllowance({ format: 'hybrid', capacity: null, capacityOnSite: 40, capacityDigital: null })).toBe(
			500
		);
	});

	it('counts an IPv6 /64 as one client, an IPv4-mapped address as its IPv4, and never keeps the address', () => {
		expect(clientKey('2001:db8:1:2::1')).toBe(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'));
		expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
		expect(clientKey('::ffff:192.0.2.1')).toBe(clientKey('192.0.2.1'));
		expect(clientKey('192.0.2.1')).not.toBe(clientKey('192.0.2.2'));
		expect(clientKey('192.0.2.1')).not.toContain('192');
		expect(clientKey(null)).toBe(clientKey(null));
	});

	it('refuses until every window it reached has ended', () => {
		const now = new Date('2026-12-07T12:00:00Z');
		const usage = {
			eventDay: 0,
			day: 0,
			hour: 0,
			eventDayStartedAt: null,
			dayStartedAt: null,
			hourStartedAt: null
		};
		expect(limitReached({ ...usage, eventDay: 9, eventDayStartedAt: now }, 10, now)).toBeNull();
		expect(
			limitReached({ ...usage, hour: 400, hourStartedAt: new Date('2026-12-07T11:30:00Z') }, 10, now)
		).toMatchObject({ retryAfter: 1800 });
		expect(
			limitReached(
				{
					...usage,
					eventDay: 10,
					eventDayStartedAt: new Date('2026-12-07T06:00:00Z'),
					hour: 400,
					hourStartedAt: new Date('2026-12-07T11:30:00Z')
				},
				10,
				now
			)
		).toMatchObject({ retryAfter: 18 * 3600 });
	});
});
