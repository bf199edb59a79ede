import { describe, expect, it } from 'vitest';
import { renderMail } from './templates.ts';

describe('event mails', () => {
	const params = {
		networkName: 'Kompetensteamet',
		title: 'Grundutbildning',
		startAt: new Date('2027-02-10T08:00:00Z'),
		endAt: new Date('2027-02-10T15:00:00Z'),
		timeZone: 'Europe/Stockholm',
		address: null,
		videoLink: null,
		link: 'https://example.se/l'
	};

	it('name the whole span of the event once, in the language of the mail', () => {
		expect(renderMail('event-registered', 'sv', params).text).toContain('10 februari 2027 kl. 09.00–16.00');
		expect(renderMail('event-registered', 'nb', params).text).toContain('10. februar 2027 kl. 09.00–16.00');
		expect(renderMail('event-reminder', 'en', params).text).toContain('10 February 2027, 09:00–16:00');
		const overnight = { ...params, endAt: new Date('2027-02-11T15:00:00Z') };
		expect(renderMail('event-registered', 'sv', overnight).text).toContain(
			'10 februari 2027 kl. 09.00 – 11 februari 2027 kl. 16.00'
		);
	});
});
