/**
 * CSV that opens correctly in Excel as people in Sweden and Norway have it set up: UTF-8 with a
 * byte order mark (or Excel guesses the wrong encoding and breaks å, ä, ö, æ, ø), `;` between cells
 * (the list separator with a decimal comma) and CRLF line ends (RFC 4180).
 */
export type CsvCell = string | number | boolean | Date | null | undefined;

export interface CsvOptions {
	separator?: string;
	/** Start with a UTF-8 byte order mark; on by default. */
	bom?: boolean;
}

export const CSV_BOM = '\uFEFF';

/**
 * The list separator of each language's spreadsheets: `;` where the decimal mark is a comma
 * (Swedish, Norwegian), `,` in English.
 */
export function csvSeparator(locale: string): string {
	return locale === 'en' ? ',' : ';';
}

/**
 * A text cell that starts with one of these is a formula to a spreadsheet ("CSV injection"), also
 * in the full-width and small forms some spreadsheets accept, and also after leading spaces or
 * quotes, which spreadsheets skip: such cells get a leading apostrophe, which spreadsheets show as
 * text. A tab or a carriage return counts as such a start too. Numbers are written as numbers, so a
 * negative amount stays a number. See docs/operations.md, "Exports".
 */
const FORMULA_START = /^[\s\p{Cf}"'\uFF02\uFF07]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\uFE6B]/u;

/** Whether a text would be read as a formula, so that csvCell neutralises it. */
export function looksLikeFormula(text: string): boolean {
	return FORMULA_START.test(text);
}

/**
 * Cells with either separator are quoted, whichever this file uses: a file opened with the other
 * language's settings still keeps its columns.
 */
const NEEDS_QUOTES = /[;,"\r\n\t]|^\s|\s$/;

export function csvCell(value: CsvCell, separator = ';'): string {
	if (value === null || value === undefined) return '';
	let text: string;
	if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
	else if (typeof value === 'boolean') text = value ? 'true' : 'false';
	else if (value instanceof Date) text = value.toISOString();
	else text = looksLikeFormula(value) ? `'${value}` : value;
	const needsQuotes = text.includes(separator) || NEEDS_QUOTES.test(text);
	return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly CsvCell[], separator = ';'): string {
	return cells.map((cell) => csvCell(cell, separator)).join(separator);
}

/** A whole CSV document: a header row and data rows, each line ended by CRLF. */
export function toCsv(
	header: readonly string[],
	rows: readonly (readonly CsvCell[])[],
	options: CsvOptions = {}
): string {
	const separator = options.separator ?? ';';
	const lines = [header, ...rows].map((row) => `${csvRow(row, separator)}\r\n`).join('');
	return ((options.bom ?? true) ? CSV_BOM : '') + lines;
}

/** A file name safe for a Content-Disposition header. */
export function csvFilename(base: string, date: Date): string {
	const safe = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
	return `${safe}-${date.toISOString().slice(0, 10)}.csv`;
}

/** The HTTP response of a download: never cached, never sniffed as something else. */
export function csvResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
}

/**
 * Reads CSV written by `toCsv` back into rows (for tests and imports): quotes, doubled quotes,
 * separators and line breaks inside quotes. The BOM is dropped.
 */
export function parseCsv(text: string, separator = ';'): string[][] {
	const input = text.startsWith(CSV_BOM) ? text.slice(1) : text;
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < input.length; i++) {
		const c = input[i];
		if (quoted) {
			if (c === '"' && input[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === separator) {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && input[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else if (c === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += c;
	}
	if (cell !== '' || row.length) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}
