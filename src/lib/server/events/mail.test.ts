import { describe, expect, it } from 'vitest';
import { renderEventMail } from './mail.ts';

describe('event mails', () => {
	const base = {
		networkName: 'Kompetensteamet',
		title: 'Grundutbildning',
		startAt: new Date('2027-02-10T08:00:00Z'),
		endAt: new Date('2027-02-10T15:00:00Z'),
		timeZone: 'Europe/Stockholm',
		address: null,
		videoLink: null
	};
	const link = { link: 'https://example.se/l' };

	it('name the whole span of the event once, in the language of the mail', () => {
		expect(renderEventMail('event-registered', 'sv', base, link).text).toContain('10 februari 2027 kl. 09.00–16.00');
		expect(renderEventMail('event-registered', 'nb', base, link).text).toContain('10. februar 2027 kl. 09.00–16.00');
		expect(renderEventMail('event-reminder', 'en', base, link).text).toContain('10 February 2027, 09:00–16:00');
		const overnight = { ...base, endAt: new Date('2027-02-11T15:00:00Z') };
		expect(renderEventMail('event-registered', 'sv', overnight, link).text).toContain(
			'10 februari 2027 kl. 09.00 – 11 februari 2027 kl. 16.00'
		);
	});

	it('carry the video link only when the base has one, and the personal link as the button', () => {
		const online = renderEventMail('event-promoted', 'en', { ...base, videoLink: 'https://video.example/room' }, link);
		expect(online.text).toContain('https://video.example/room');
		expect(online.html).toContain('href="https://example.se/l"');
		expect(renderEventMail('event-promoted', 'en', base, link).text).not.toContain('video.example');
	});
});
