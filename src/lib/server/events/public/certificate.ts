import PDFDocument from 'pdfkit';
import { formatDate, formatNumber } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '../../platform/context.ts';

/**
 * The attendance certificate (docs/product.md#events-staff-work, decision 011): one A4 page in the participant's language,
 * downloadable from the personal page once attended.
 *
 * pdfkit's built-in Helvetica is used, not the app's Inter: fontkit cannot subset the self-hosted
 * variable Inter WOFF2 files (it fails while encoding composite glyphs), and the standard fonts
 * need no file at run time. They use WinAnsi (Windows-1252), which has å ä ö æ ø and the other
 * Western European letters; a letter outside it (ł, ş, ő …) is written without its accent rather
 * than as a wrong glyph. The PDF is tagged, with a title, language and heading/paragraph structure,
 * so screen readers can read it.
 */

export interface CertificateInput {
	locale: Locale;
	participantName: string;
	eventTitle: string;
	/** The organiser, as the certificate names it. */
	networkName: string;
	timeZone: string;
	/** The days attended; one or several (a two-day training). */
	sessions: readonly { start: Date; end: Date }[];
	/** Hours to certify; the sum of the sessions' lengths when not given (a lunch break counts). */
	hours?: number;
	issuedAt: Date;
	/** Printed so the organiser can confirm a certificate when asked. */
	reference?: string;
}

export interface CertificateFile {
	filename: string;
	contentType: 'application/pdf';
	content: Buffer;
}

const pdfLang: Record<Locale, string> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB', fi: 'fi-FI' };

// Windows-1252's 0x80–0x9F block; 0xA0–0xFF are the same code points as Latin-1.
const winAnsiExtra = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const withoutAccent: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ı: 'i', Ħ: 'H', ħ: 'h' };

function winAnsiChar(ch: string): boolean {
	const code = ch.codePointAt(0)!;
	return (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || winAnsiExtra.has(ch);
}

/** Text the standard fonts can show: unchanged when it fits WinAnsi, else letters lose their accents. */
export function toWinAnsi(text: string): string {
	let out = '';
	for (const ch of text.normalize('NFC')) {
		if (winAnsiChar(ch)) out += ch;
		else if (/\s/.test(ch)) out += ' ';
		else if (withoutAccent[ch]) out += withoutAccent[ch];
		else {
			const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
			out += [...base].every(winAnsiChar) && base ? base : '?';
		}
	}
	return out;
}

function localDay(date: Date, timeZone: string): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** "27 oktober 2026", "27–28 oktober 2026" for consecutive days, else a list. */
export function certificateDates(input: Pick<CertificateInput, 'sessions' | 'locale' | 'timeZone'>): string {
	const byDay = new Map<string, Date>();
	for (const session of [...input.sessions].sort((a, b) => a.start.getTime() - b.start.getTime())) {
		const day = localDay(session.start, input.timeZone);
		if (!byDay.has(day)) byDay.set(day, session.start);
	}
	const days = [...byDay.keys()];
	const starts = [...byDay.values()];
	if (starts.length === 0) return '';
	if (starts.length === 1) return formatDate(starts[0], input.locale, input.timeZone);
	const consecutive = days.every(
		(day, index) =>
			index === 0 || Date.parse(`${day}T00:00:00Z`) - Date.parse(`${days[index - 1]}T00:00:00Z`) === 86_400_000
	);
	if (consecutive) {
		const intlLocale = pdfLang[input.locale];
		return new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long', timeZone: input.timeZone }).formatRange(
			starts[0],
			starts[starts.length - 1]
		);
	}
	return starts.map((start) => formatDate(start, input.locale, input.timeZone)).join(', ');
}

export function certificateHours(input: Pick<CertificateInput, 'sessions' | 'hours'>): number {
	const hours =
		input.hours ?? input.sessions.reduce((sum, s) => sum + (s.end.getTime() - s.start.getTime()) / 3_600_000, 0);
	return Math.round(hours * 10) / 10;
}

function slug(text: string): string {
	return (
		text
			.normalize('NFD')
			.replace(/\p{M}/gu, '')
			.replace(/[æÆ]/g, 'ae')
			.replace(/[øØ]/g, 'o')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'event'
	);
}

export async function attendanceCertificate(input: CertificateInput): Promise<CertificateFile> {
	const { locale } = input;
	const title = m.event_documents_certificate_document_title({ event: input.eventTitle }, { locale });
	const doc = new PDFDocument({
		size: 'A4',
		margin: 72,
		pdfVersion: '1.7',
		tagged: true,
		lang: pdfLang[locale],
		displayTitle: true,
		info: {
			Title: title,
			Author: input.networkName,
			Subject: input.eventTitle,
			Creator: 'Samverkan',
			CreationDate: input.issuedAt
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const finished = new Promise<void>((resolve, reject) => {
		doc.on('end', () => resolve());
		doc.on('error', reject);
	});

	const width = doc.page.width - 2 * 72;
	const root = doc.struct('Document');
	doc.addStructure(root);
	const block = (type: string, draw: () => void) => {
		const element = doc.struct(type, {}, [() => draw()]);
		root.add(element);
		element.end();
	};
	const line = (text: string, font: string, size: number, gap: number, role = 'P') =>
		block(role, () => {
			doc.font(font).fontSize(size).text(toWinAnsi(text), { width, align: 'center' });
			doc.moveDown(gap);
		});

	doc.y = 160;
	line(m.event_documents_certificate_heading({}, { locale }), 'Helvetica-Bold', 26, 1.2, 'H1');
	line(m.event_documents_certificate_certifies({}, { locale }), 'Helvetica', 13, 0.6);
	line(input.participantName, 'Helvetica-Bold', 22, 0.6);
	line(m.event_documents_certificate_attended({}, { locale }), 'Helvetica', 13, 0.6);
	line(input.eventTitle, 'Helvetica-Bold', 17, 1.6);

	const facts: [string, string][] = [
		[m.event_documents_certificate_date({}, { locale }), certificateDates(input)],
		[m.event_documents_certificate_hours({}, { locale }), formatNumber(certificateHours(input), locale)],
		[m.event_documents_certificate_organiser({}, { locale }), input.networkName]
	];
	for (const [label, value] of facts) line(`${label}: ${value}`, 'Helvetica', 12, 0.4);

	doc.y = doc.page.height - 72 - 40;
	line(
		m.event_documents_certificate_issued({ date: formatDate(input.issuedAt, locale, input.timeZone) }, { locale }),
		'Helvetica',
		9,
		0.2
	);
	if (input.reference) {
		line(m.event_documents_certificate_reference({ reference: input.reference }, { locale }), 'Helvetica', 9, 0);
	}

	root.end();
	doc.end();
	await finished;
	return {
		filename: `${m.event_documents_certificate_filename({}, { locale })}-${slug(input.eventTitle)}.pdf`,
		contentType: 'application/pdf',
		content: Buffer.concat(chunks)
	};
}
