import { describe, expect, it } from 'vitest';
import { isCurrent, navigationFor } from './navigation.ts';

const ids = (role: Parameters<typeof navigationFor>[0]) => navigationFor(role).map((item) => item.id);

describe('navigation: team meetings', () => {
	it('offers the meeting calendar to every role, as meetings.read allows', () => {
		for (const role of ['member', 'communicator', 'coordinator', 'admin'] as const)
			expect(ids(role)).toContain('meetings');
	});

	it('keeps the meetings entry current on a meeting and its sub-pages, not on other sections', () => {
		const meetings = navigationFor('member').find((item) => item.id === 'meetings')!;
		const base = '/app/kompetensteamet';
		expect(isCurrent(meetings, base, `${base}/meetings`)).toBe(true);
		expect(isCurrent(meetings, base, `${base}/meetings/series/new`)).toBe(true);
		expect(isCurrent(meetings, base, `${base}/meetings/0b0c/agenda`)).toBe(true);
		expect(isCurrent(meetings, base, `${base}/events`)).toBe(false);
		expect(meetings.label()).toBe('Teammöten');
	});

	it('lists a communicator the entries their pages allow, meetings among them', () => {
		expect(ids('communicator')).toEqual(['overview', 'events', 'meetings', 'directory', 'public-pages']);
	});
});
