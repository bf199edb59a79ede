import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../platform/context.ts';
import { attendanceCertificate, certificateDates, toWinAnsi, type CertificateInput } from './certificate.ts';

async function readPdf(content: Buffer) {
	const task = getDocument({ data: new Uint8Array(content), verbosity: 0 });
	const pdf = await task.promise;
	const page = await pdf.getPage(1);
	const text = (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join('\n');
	const metadata = await pdf.getMetadata();
	const tree = await page.getStructTree();
	const pages = pdf.numPages;
	await task.destroy();
	return { pages, text, info: metadata.info as Record<string, unknown>, tree };
}

const base: CertificateInput = {
	locale: 'sv',
	participantName: 'Åse Ødegård-Ärlig',
	eventTitle: 'Hedersrelaterat våld och förtryck – grundutbildning',
	networkName: 'Kompetensteam Väst',
	timeZone: 'Europe/Stockholm',
	sessions: [{ start: new Date('2026-10-27T07:00:00Z'), end: new Date('2026-10-27T13:30:00Z') }],
	issuedAt: new Date('2026-10-28T09:00:00Z'),
	reference: 'KTV-2026-0042'
};

const expected: Record<Locale, { heading: string; date: string; hours: string; organiser: string; lang: string }> = {
	sv: {
		heading: 'Intyg om deltagande',
		date: '27 oktober 2026',
		hours: 'Antal timmar: 6,5',
		organiser: 'Arrangör: Kompetensteam Väst',
		lang: 'sv-SE'
	},
	nb: {
		heading: 'Deltakerbevis',
		date: '27. oktober 2026',
		hours: 'Antall timer: 6,5',
		organiser: 'Arrangør: Kompetensteam Väst',
		lang: 'nb-NO'
	},
	en: {
		heading: 'Certificate of attendance',
		date: '27 October 2026',
		hours: 'Hours: 6.5',
		organiser: 'Organiser: Kompetensteam Väst',
		lang: 'en-GB'
	},
	// Finnish: a registration made on the Finnish public pages gets its certificate in Finnish.
	fi: {
		heading: 'Osallistumistodistus',
		date: '27. lokakuuta 2026',
		hours: 'Tuntimäärä: 6,5',
		organiser: 'Järjestäjä: Kompetensteam Väst',
		lang: 'fi-FI'
	}
};

describe('attendance certificate', () => {
	for (const locale of ['sv', 'nb', 'en', 'fi'] as const) {
		it(`reads back in ${locale}: name, event, date, hours and organiser`, async () => {
			const file = await attendanceCertificate({ ...base, locale });
			expect(file.contentType).toBe('application/pdf');
			expect(file.content.subarray(0, 5).toString()).toBe('%PDF-');
			const { pages, text, info } = await readPdf(file.content);
			const want = expected[locale];
			expect(pages).toBe(1);
			expect(text).toContain(want.heading);
			expect(text).toContain('Åse Ødegård-Ärlig');
			expect(text).toContain('Hedersrelaterat våld och förtryck – grundutbildning');
			expect(text).toContain(want.date);
			expect(text).toContain(want.hours);
			expect(text).toContain(want.organiser);
			expect(text).toContain('KTV-2026-0042');
			expect(info.Title).toContain(want.heading);
			expect(info.Language).toBe(want.lang);
		});
	}

	it('is tagged, with a heading in its structure tree', async () => {
		const { content } = await attendanceCertificate(base);
		const { tree } = await readPdf(content);
		// pdf.js does not follow an indirect /MarkInfo, so the catalogue is read as written.
		expect(content.toString('latin1')).toMatch(/\/Marked true/);
		const roles = JSON.stringify(tree).match(/"role":"\w+"/g);
		expect(roles?.[0]).toBe('"role":"Document"');
		expect(roles?.filter((role) => role === '"role":"H1"')).toHaveLength(1);
		expect(roles).toContain('"role":"P"');
	});

	it('certifies a two-day training with both days and the summed hours', async () => {
		const file = await attendanceCertificate({
			...base,
			locale: 'nb',
			participantName: 'Bjørn Æsøy',
			timeZone: 'Europe/Oslo',
			sessions: [
				{ start: new Date('2026-10-27T07:00:00Z'), end: new Date('2026-10-27T14:00:00Z') },
				{ start: new Date('2026-10-28T07:00:00Z'), end: new Date('2026-10-28T11:00:00Z') }
			]
		});
		const { text } = await readPdf(file.content);
		expect(text).toContain('Bjørn Æsøy');
		expect(text).toMatch(/27\.\s*[–-]\s*28\. oktober 2026/);
		expect(text).toContain('Antall timer: 11');
		expect(file.filename).toBe('deltakerbevis-hedersrelaterat-vald-och-fortryck-grundutbildning.pdf');
	});

	it('uses the given hours when the organiser sets them', async () => {
		const { text } = await readPdf((await attendanceCertificate({ ...base, locale: 'en', hours: 3 })).content);
		expect(text).toContain('Hours: 3');
	});

	it('lists days that are not consecutive', () => {
		expect(
			certificateDates({
				locale: 'sv',
				timeZone: 'Europe/Stockholm',
				sessions: [
					{ start: new Date('2026-11-26T08:00:00Z'), end: new Date('2026-11-26T10:00:00Z') },
					{ start: new Date('2026-11-22T08:00:00Z'), end: new Date('2026-11-22T10:00:00Z') }
				]
			})
		).toBe('22 november 2026, 26 november 2026');
	});

	it('keeps WinAnsi letters and drops only accents the standard font lacks', () => {
		expect(toWinAnsi('Åsa Öberg, Æsa Ørn – “citat”')).toBe('Åsa Öberg, Æsa Ørn – “citat”');
		expect(toWinAnsi('Łukasz Şahin Nguyễn')).toBe('Lukasz Sahin Nguyen');
		expect(toWinAnsi('李')).toBe('?');
	});
});
