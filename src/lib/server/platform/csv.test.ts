import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvFilename, parseCsv, toCsv, CSV_BOM } from './csv.ts';

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

	it('quotes cells with separators, quotes, line breaks and edge spaces', () => {
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell(' padded ')).toBe('" padded "');
		expect(csvCell('a,b')).toBe('a,b');
		expect(csvCell('a,b', ',')).toBe('"a,b"');
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
					const expected = body.map((row) => row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
					expect(parsed).toEqual([header, ...expected]);
				}
			)
		);
	});

	it('makes a safe file name', () => {
		expect(csvFilename('audit log/åäö', new Date('2026-11-23T10:00:00Z'))).toBe('audit-log-2026-11-23.csv');
		expect(csvFilename('"; rm', new Date('2026-01-02T00:00:00Z'))).toBe('rm-2026-01-02.csv');
	});
});
