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
		expect(ids('communicator')).toEqual(['overview', 'events', 'surveys', 'meetings', 'directory', 'public-pages']);
	});
});

describe('navigation: evaluations', () => {
	it('offers the surveys to communicators and above, as surveys.manage allows, right after the events', () => {
		expect(ids('member')).not.toContain('surveys');
		for (const role of ['communicator', 'coordinator', 'admin'] as const) {
			const all = ids(role);
			expect(all[all.indexOf('events') + 1]).toBe('surveys');
		}
		const surveys = navigationFor('admin').find((item) => item.id === 'surveys')!;
		const base = '/app/kompetensteamet';
		expect(isCurrent(surveys, base, `${base}/surveys/templates`)).toBe(true);
		expect(isCurrent(surveys, base, `${base}/surveys/0b0c/questions`)).toBe(true);
		expect(surveys.label()).toBe('Utvärderingar');
	});
});
