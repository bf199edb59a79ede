import { afterEach, describe, expect, it } from 'vitest';
import { maskAll } from './mask.ts';
import { norwegianNumber } from './test-numbers.ts';
import { detectorOverrides, PiiScanError, scan, scanSync } from './scan.ts';
import type { PiiType } from './types.ts';

const found = (text: string) => scanSync(text).findings.map((f) => [f.type, f.text] as [PiiType, string]);

describe('scan: identity numbers', () => {
	it.each([
		['Pnr 19121212-1212 i anmälan.', '19121212-1212'],
		['Pnr 121212-1212 i anmälan.', '121212-1212'],
		['Pnr 121212+1212 i anmälan.', '121212+1212'],
		['Pnr 1212121212 i anmälan.', '1212121212'],
		['Pnr 121212 1212 i anmälan.', '121212 1212'],
		['Pnr 191212121212 i anmälan.', '191212121212']
	])('finds a Swedish personnummer in %s', (text, number) => {
		expect(found(text)).toEqual([['personnummer', number]]);
	});

	it('tells a samordningsnummer (day + 60) from a personnummer', () => {
		expect(found('Samordningsnummer 701063-2391.')).toEqual([['samordningsnummer', '701063-2391']]);
	});

	it('finds Norwegian fødselsnummer and D-nummer, also with a space', () => {
		expect(found('Fnr 15076500565 og 150765 00565.')).toEqual([
			['fodselsnummer', '15076500565'],
			['fodselsnummer', '150765 00565']
		]);
		const dNumber = norwegianNumber({ year: 1965, month: 7, day: 15, serial: 5 }, 'plain', true);
		expect(found(`D-nummer ${dNumber} er oppgitt.`)).toEqual([['d-nummer', dNumber]]);
	});

	it('fails closed on a wrong check digit when the number is written like an identity number', () => {
		expect(found('Flickan är född 850315-1234.')).toEqual([['personnummer', '850315-1234']]);
		expect(found('Pnr 19850315-1234 i anmälan.')).toEqual([['personnummer', '19850315-1234']]);
		expect(found('Han är född 121212+1213.')).toEqual([['personnummer', '121212+1213']]);
		expect(found('Uppgivet 850315–1234 (tankstreck).')).toEqual([['personnummer', '850315–1234']]);
		expect(found('Samordningsnummer 850375-1234.')).toEqual([['samordningsnummer', '850375-1234']]);
		expect(found('Oppgitt 150765 00566 i meldingen.')).toEqual([['fodselsnummer', '150765 00566']]);
		expect(found('Oppgitt 550765 00566 i meldingen.')).toEqual([['d-nummer', '550765 00566']]);
	});

	it('fails closed on a wrong check digit in digits in a row only after a cue word', () => {
		for (const [text, type, number] of [
			['Pnr 8503151234 i anmälan.', 'personnummer', '8503151234'],
			['pnr. 198503151234', 'personnummer', '198503151234'],
			['Personnumret är 8503151234.', 'personnummer', '8503151234'],
			['Personnr: 850315 1234', 'personnummer', '850315 1234'],
			['Flickan (f. 8503151234) går i nian.', 'personnummer', '8503151234'],
			['Samordningsnummer 8503751234.', 'samordningsnummer', '8503751234'],
			['Fnr 15076500566 er oppgitt.', 'fodselsnummer', '15076500566'],
			['Fødselsnummer: 15076500566', 'fodselsnummer', '15076500566'],
			['Hun er født 15076500566.', 'fodselsnummer', '15076500566'],
			['D-nummer 55076500566.', 'd-nummer', '55076500566']
		] as const)
			expect(found(text), text).toEqual([[type, number]]);
	});

	it('leaves wrong check digits alone without a separator or a cue, and without a valid date', () => {
		for (const text of [
			'Beställning 8503151234 och 15076500566 är registrerade.',
			'Kvittonummer 850315 1234.',
			'Pnr 851315-1234, född 850230-1234, fnr 32076500566, fnr 15136500566.',
			'Pnr 20990315-1234 ligger i framtiden.',
			'Ärende NBT-2026-0042, KTN-2026-0042, Dnr 2026/123, möte 2026-03-12, 20260312, 2026-03-15.',
			'Dnr 2026031512 och pnr 2026/123.'
		])
			expect(found(text), text).toEqual([]);
	});

	it('lets a phone number win over a number with a wrong check digit', () => {
		// 0701234568 and 070123-4568 fail the personnummer check; they are mobile numbers.
		expect(found('Pnr 0701234568.')).toEqual([['phone', '0701234568']]);
		expect(found('Född 070123-4568.')).toEqual([['phone', '070123-4568']]);
		expect(found('Ring 070-123 45 67, pnr 850315 1234.')).toEqual([
			['phone', '070-123 45 67'],
			['personnummer', '850315 1234']
		]);
	});
});

describe('scan: phone numbers', () => {
	it('finds Swedish and Norwegian numbers in the usual ways of writing them', () => {
		const text =
			'Ring 070-123 45 67, 08-123 456 78, 031-12 34 56, +46 70 123 45 67, 0046701234567, 912 34 567, 22 12 34 56 eller +47 412 34 567.';
		expect(found(text).map(([type, value]) => `${type}:${value}`)).toEqual([
			'phone:070-123 45 67',
			'phone:08-123 456 78',
			'phone:031-12 34 56',
			'phone:+46 70 123 45 67',
			'phone:0046701234567',
			'phone:912 34 567',
			'phone:22 12 34 56',
			'phone:+47 412 34 567'
		]);
	});

	it('checks phone numbers before identity numbers: ten digits in a row are a phone number', () => {
		// 0701234567 passes the personnummer check too (born 2007-01-23).
		expect(found('Mobil 0701234567.')).toEqual([['phone', '0701234567']]);
	});

	it('finds a number inside a long run of other numbers', () => {
		const text = `Tabell: ${'12 '.repeat(40)}070-123 45 67 ${'12 '.repeat(40)}`;
		expect(found(text)).toEqual([['phone', '070-123 45 67']]);
	});

	it('leaves public help lines alone', () => {
		expect(found('Hänvisade till Kvinnofridslinjen 020-50 50 50 och Hjelpetelefonen 800 57 000.')).toEqual([]);
	});

	it('does not take amounts, years and dates for phone numbers', () => {
		expect(found('Beloppet var 45 000 000 kr och 1 250 000 kronor under 2025 och 2026, se 2026-01-15.')).toEqual([]);
	});
});

describe('scan: e-mail, addresses and postcodes', () => {
	it('finds e-mail addresses, also written with (at)', () => {
		expect(found('Mejla anna.svensson@hotmail.com eller ali (at) gmail.com.')).toEqual([
			['email', 'anna.svensson@hotmail.com'],
			['email', 'ali (at) gmail.com']
		]);
	});

	it('takes case plans for plans, not squares, but finds squares named …plan', () => {
		expect(found('Handlingsplanen 2026 följs upp i maj; enligt åtgärdsplan 2 ringer skolan.')).toEqual([]);
		expect(found('Vårdplan 3 gäller tills vidare.')).toEqual([]);
		expect(found('Vi ses på Stureplan 4 klockan tio.')).toEqual([['address', 'Stureplan 4']]);
	});

	it('finds street addresses and postcodes with a place', () => {
		expect(found('Bor på Storgatan 12B, 972 31 Luleå.')).toEqual([
			['address', 'Storgatan 12B'],
			['postcode', '972 31 Luleå']
		]);
		expect(found('Adresse Karl Johans gate 22, 0150 Oslo.')).toEqual([
			['address', 'Karl Johans gate 22'],
			['postcode', '0150 Oslo']
		]);
		expect(found('Hun bor i Trondheimsveien 5 leil. 201.')).toEqual([['address', 'Trondheimsveien 5 leil. 201']]);
		expect(found('Adressen er Storgata 5 H0302.')).toEqual([['address', 'Storgata 5 H0302']]);
		expect(found('De bor på Gamla vägen 5.')).toEqual([['address', 'Gamla vägen 5']]);
	});

	it('finds a standalone street word, also in the definite form, after a capitalised word', () => {
		for (const [text, address] of [
			['Hon bor på Lilla torget 2.', 'Lilla torget 2'],
			['Mamman bor på Stora Torget 3B.', 'Stora Torget 3B'],
			['Adressen är Gustav Adolfs plan 1.', 'Gustav Adolfs plan 1'],
			['Han bor i Ekens gränd 4.', 'Ekens gränd 4'],
			['De bor på Stora gränden 7, lgh 1102.', 'Stora gränden 7, lgh 1102'],
			['Hun bor i Gamle veien 5.', 'Gamle veien 5'],
			['Moren bor i Sven Hedins veien 12.', 'Sven Hedins veien 12'],
			['Adresse Olav Kyrres plass 3.', 'Olav Kyrres plass 3'],
			['Adresse Karl Johans Gate 22.', 'Karl Johans Gate 22']
		] as const)
			expect(found(text), text).toEqual([['address', address]]);
	});

	it('does not take a floor, a plan or a street word without a capitalised word for an address', () => {
		for (const text of [
			'Mötet är i hus B plan 3.',
			'Mötet är i Hus B plan 3.',
			'Vi tar torget 2 gånger i veckan.',
			'Enligt plan 2 ska hon flytta. Flickans plan 3 följs upp.',
			'Vi sågs på Stora torget 2 år i rad.'
		])
			expect(found(text), text).toEqual([]);
	});

	it('keeps a Norwegian postal-area letter with the postcode, and only a single letter', () => {
		expect(found('Adressen er Strandgata 21, 4610 Kristiansand S, men hun bor der ikke.')).toEqual([
			['address', 'Strandgata 21'],
			['postcode', '4610 Kristiansand S']
		]);
		expect(found('Post til 0150 Oslo S.')).toEqual([['postcode', '0150 Oslo S']]);
		expect(found('Post til 0150 Oslo. Så ringte hun.')).toEqual([['postcode', '0150 Oslo']]);
		expect(found('Vi møtte henne på Oslo S kl. 14.10.')).toEqual([]);
	});

	it('does not take law references or a year before a municipality for addresses or postcodes', () => {
		expect(found('Enligt 26 kap. 1 § OSL och LVU 2 §. Under 2026 Tromsø kommune.')).toEqual([]);
	});
});

describe('scan: names', () => {
	it('finds names from the gazetteer, with surnames it does not know next to them', () => {
		expect(found('Amira Khoshnaw, 15 år, berättar att pappan slår.')).toEqual([['name', 'Amira Khoshnaw']]);
		expect(found('Samtal med Mehmet Yılmaz och Fadumo Warsame.')).toEqual([
			['name', 'Mehmet Yılmaz'],
			['name', 'Fadumo Warsame']
		]);
	});

	it('finds unknown names after a cue and genitive forms', () => {
		expect(found('Dottern Gullan berättade. Amiras bror hotade henne.')).toEqual([
			['name', 'Gullan'],
			['name', 'Amiras']
		]);
	});

	it('does not flag role words, months, weekdays, municipalities or organisations', () => {
		for (const text of [
			'Mamman och Pappan kom till mötet. Flickan var tyst.',
			'Jenta og Gutten bor hos Moren. Faren var ikke der.',
			'Maj: uppföljning. Måndag den 3 juni ringer vi socialtjänsten.',
			'Hans mamma ringde. Inga tecken på skador. Per telefon bekräftade skolan.',
			'Socialtjänsten i Nora och Salem kommun samverkar med Kvinnojouren Frida.',
			'Möte med Polisen, Barnahus, BUP och Försäkringskassan i Luleå.',
			'NAV og Barnevernet i Sola kommune deltok.'
		])
			expect(found(text), text).toEqual([]);
	});

	it('finds hyphenated names, names in apposition and after a stated name', () => {
		expect(found('Anna-Karin Lindqvist och Nour Al-Hassan kom.')).toEqual([
			['name', 'Anna-Karin Lindqvist'],
			['name', 'Nour Al-Hassan']
		]);
		expect(found('Moren, Fatuma, har bedt om tolk. Hennes namn är Gullan.')).toEqual([
			['name', 'Fatuma'],
			['name', 'Gullan']
		]);
	});

	it('finds a name in apposition two or three words after a role cue, closed by a comma', () => {
		expect(found('Kjæresten hennes, Dani, har truet henne.')).toEqual([['name', 'Dani']]);
		expect(found('Pojkvännen till henne, Gullan, har skickat sms.')).toEqual([['name', 'Gullan']]);
		expect(found('Pappan till flickan, Gullan Dani, hämtade henne.')).toEqual([['name', 'Gullan Dani']]);
		expect(found('Rapporten hennes, Gullan, kom i går.')).toEqual([]);
		expect(found('Vi ringde mamman hennes, Gullan visste inget.')).toEqual([]);
	});

	it('does not flag a name that names an organisation', () => {
		expect(found('Anna Whitlocks gymnasium och Sigrid Undset skole har anmält.')).toEqual([]);
	});

	it('counts a name that is also a municipality as a name when the context says so', () => {
		expect(found('Flickan heter Nora och bor i Lund.')).toEqual([['name', 'Nora']]);
	});
});

describe('scan: failing closed', () => {
	afterEach(() => detectorOverrides.clear());

	it('throws when a detector fails, instead of answering "nothing found"', async () => {
		detectorOverrides.set('name', () => {
			throw new Error('boom');
		});
		await expect(scan('Amira bor här.')).rejects.toBeInstanceOf(PiiScanError);
		expect(() => scanSync('Amira bor här.')).toThrow(/name failed/);
	});

	it('throws when a detector answers nonsense', () => {
		detectorOverrides.set('phone', () => [{ type: 'phone', start: 5, end: 500 }]);
		expect(() => scanSync('kort text')).toThrow(PiiScanError);
	});

	it('throws for input that is not text', () => {
		expect(() => scanSync(42 as unknown as string)).toThrow(PiiScanError);
	});

	it('scans the largest allowed text quickly, also when it is built to be slow', () => {
		for (const text of ['a.'.repeat(10_000), '12 '.repeat(6_666), 'a@'.repeat(10_000), 'Anna '.repeat(4_000)]) {
			const started = performance.now();
			scanSync(text);
			expect(performance.now() - started).toBeLessThan(1_500);
		}
	});

	it('answers an empty list for clean text', async () => {
		expect(await scan('Flickan, 15 år, går i årskurs 9 och har hög frånvaro sedan 2025-09-01.')).toEqual({
			findings: []
		});
	});
});

describe('maskAll', () => {
	const text = 'Amira Khoshnaw (121212-1212) nås på 070-123 45 67.';

	it('replaces every finding with a label in the language', () => {
		const { findings } = scanSync(text);
		expect(maskAll(text, findings, 'sv')).toBe('[NAMN] ([PERSONNUMMER]) nås på [TELEFONNUMMER].');
		expect(maskAll(text, findings, 'nb')).toBe('[NAVN] ([SVENSK PERSONNUMMER]) nås på [TELEFONNUMMER].');
		expect(maskAll(text, findings, 'en')).toBe('[NAME] ([SWEDISH PERSONAL IDENTITY NUMBER]) nås på [PHONE NUMBER].');
	});

	it('leaves nothing for a second scan to find', () => {
		const masked = maskAll(text, scanSync(text).findings, 'sv');
		expect(scanSync(masked).findings).toEqual([]);
	});

	it('refuses findings that belong to another text', () => {
		const { findings } = scanSync(text);
		expect(() => maskAll('Något annat helt och hållet, längre än förut.', findings, 'sv')).toThrow(RangeError);
	});
});
