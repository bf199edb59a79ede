import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvFilename, csvSeparator, looksLikeFormula, parseCsv, toCsv, CSV_BOM } from './csv.ts';

describe('csv', () => {
	it('starts with a UTF-8 BOM, separates with ; and ends every line with CRLF', () => {
		const csv = toCsv(
			['Namn', 'Ort'],
			[
				['Åsa Öberg', 'Luleå'],
				['Ørjan', 'Tromsø']
			]
		);
		expect(csv.startsWith(CSV_BOM)).toBe(true);
		expect(csv.slice(1)).toBe('Namn;Ort\r\nÅsa Öberg;Luleå\r\nØrjan;Tromsø\r\n');
		expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
	});

	it('can leave out the BOM and use another separator', () => {
		expect(toCsv(['a', 'b'], [[1, 2]], { bom: false, separator: ',' })).toBe('a,b\r\n1,2\r\n');
	});

	it('quotes cells with either separator, quotes, line breaks and edge spaces', () => {
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell('carriage\rreturn')).toBe('"carriage\rreturn"');
		expect(csvCell(' padded ')).toBe('" padded "');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('a,b', ',')).toBe('"a,b"');
		expect(csvCell('a;b', ',')).toBe('"a;b"');
	});

	it.each([
		' =1+1',
		'"=1+1',
		"'=1+1",
		' \u00a0"@SUM(A1)',
		'＝1+1',
		'＋46701234567',
		'－2',
		'＠SUM(A1)',
		'\r=1',
		'"\t;',
		' \r'
	])('neutralises %j, a formula after spaces or quotes or in full-width form', (value) => {
		const [[parsed]] = parseCsv(csvCell(value));
		expect(parsed).toBe(`'${value}`);
	});

	it.each(['=1+1', '+46701234567', '-2+3', '@SUM(A1)', '\tcmd', '=HYPERLINK("http://x")'])(
		'neutralises the formula start of %j with an apostrophe',
		(value) => {
			const cell = csvCell(value);
			const [[parsed]] = parseCsv(cell);
			expect(parsed).toBe(`'${value}`);
		}
	);

	it('writes numbers, booleans, dates and empty values plainly', () => {
		expect(csvCell(-5)).toBe('-5');
		expect(csvCell(3.5)).toBe('3.5');
		expect(csvCell(Number.NaN)).toBe('');
		expect(csvCell(true)).toBe('true');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell(new Date('2026-11-23T10:00:00Z'))).toBe('2026-11-23T10:00:00.000Z');
	});

	it('reads back what it wrote, for any text', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), {
					minLength: 1,
					maxLength: 5
				}),
				(rows) => {
					const header = rows[0].map((_, i) => `c${i}`);
					const body = rows.map((row) => header.map((_, i) => row[i] ?? ''));
					const parsed = parseCsv(toCsv(header, body));
					const expected = body.map((row) => row.map((cell) => (looksLikeFormula(cell) ? `'${cell}` : cell)));
					expect(parsed).toEqual([header, ...expected]);
				}
			)
		);
	});

	// Independent of csv.ts: what a spreadsheet would run as a formula once it has skipped leading
	// spaces and quotes. A cell that starts with an apostrophe is text.
	const FORMULA_CHARACTERS = /^[=+\-@\t\r＝＋－＠﹢﹣﹦﹫]/;
	const runsAsFormula = (cell: string) =>
		!cell.startsWith("'") &&
		(/^[\t\r]/.test(cell) ||
			FORMULA_CHARACTERS.test(cell.replace(/^[\s\p{Cf}"'＂＇]+/u, '')) ||
			FORMULA_CHARACTERS.test(cell.replace(/^[ \u00a0\u3000\p{Cf}"'＂＇]+/u, '')));
	const tricky = fc.constantFrom(
		...[';', ',', '"', "'", '\r', '\n', '\r\n', '\t', ' ', '\u00a0', '\u3000', '\u200b', '\ufeff'],
		...['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '＂', 'å', 'ø', '1', 'SUM(A1)']
	);
	const field = fc.oneof(
		fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 }),
		fc.string({ unit: 'grapheme' })
	);

	it.each([
		['sv', ';'],
		['nb', ';'],
		['en', ',']
	])(
		'writes %s CSV (separator %j) that a real CSV parser reads back as written, with no cell a formula',
		(locale, separator) => {
			expect(csvSeparator(locale)).toBe(separator);
			fc.assert(
				fc.property(
					fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
					(rows) => {
						const header = ['a', 'b', 'c'];
						const parsed: string[][] = parse(toCsv(header, rows, { separator }), { delimiter: separator, bom: true });
						expect(parsed).toHaveLength(rows.length + 1);
						expect(parsed[0]).toEqual(header);
						parsed.slice(1).forEach((row, r) => {
							expect(row).toHaveLength(3);
							row.forEach((cell, c) => {
								const input = rows[r][c];
								// As written, or neutralised with the apostrophe and otherwise untouched.
								expect([input, `'${input}`]).toContain(cell);
								expect(runsAsFormula(cell)).toBe(false);
								expect(runsAsFormula(cell.trim())).toBe(false);
							});
						});
					}
				),
				{ numRuns: 1000 }
			);
		}
	);

	it('makes a safe file name', () => {
		expect(csvFilename('audit log/åäö', new Date('2026-11-23T10:00:00Z'))).toBe('audit-log-2026-11-23.csv');
		expect(csvFilename('"; rm', new Date('2026-01-02T00:00:00Z'))).toBe('rm-2026-01-02.csv');
	});
});
