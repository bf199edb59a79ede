// The views of a text that the detectors read. A person can write an identifier so that it looks the
// same on screen but not to a pattern: full-width or other scripts' digits, zero-width or bidi
// characters inside it, a line break, em dash or minus sign between its parts. The detectors read a
// normalised view instead of the raw text, and every position in a view maps back to a range of
// the original, so findings (and "Mask all") still act on exactly what the user wrote.
//
// What a view changes, per character of the original (see the guard's README):
// - characters that are invisible by definition (Unicode format characters and default-ignorables:
//   zero-width space and joiners, bidi controls, soft hyphen, variation selectors) are dropped; a
//   soft hyphen between two digits becomes "-" (it is a hyphen where it is shown);
// - each base character with its combining marks is put in NFKC form (full-width "１２", "＠",
//   mathematical bold and superscript digits become ASCII; "a" and a ring above become "å"); marks
//   left over, as in s̶t̶r̶u̶c̶k̶ text, are dropped;
// - any other decimal digit (Arabic-Indic, Devanagari, Thai, …) becomes the ASCII digit of its value;
// - tabs and other spaces become " ", line and paragraph separators "\n".
// The numbers view goes one step further: a run of whitespace and dash-like characters between two
// digits becomes one separator: " " for spaces, "-" for dashes, " – " for a dash with space around
// it; a middle or bullet dot between digits reads as "."; six or more digits typed one by one
// with space or dashes between them ("0 7 0 1 2 3 4 5 6 7") read as one number. The text view leaves runs alone: names and addresses read line breaks and dashes as sentence
// boundaries.
//
// Text under a right-to-left override (U+202E) is shown reversed, so a number stored backwards
// there reads forwards on screen: `reversedOverrides` gives a view with those stretches reversed.

/** A view of a text: `text`, and for each of its indices the range of the original it came from. */
export interface TextView {
	text: string;
	/** Original index where the character at each view index starts. */
	starts: number[];
	/** Original index just after the character at each view index. */
	ends: number[];
}

const invisible = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const lineBreak = /[\n\r\u0085\u2028\u2029\v\f]/;
const otherSpace = /[\s\p{Zs}]/u;
const mark = /\p{M}/u;
const decimalDigit = /\p{Nd}/u;
const softHyphen = '\u00ad';
const rightToLeftOverride = '\u202e';
const popDirectionalFormatting = '\u202c';
// Dashes people type between the parts of a number: every Unicode dash, the minus signs, hyphen
// bullet and modifier minus. (Full-width and small hyphen-minus become "-" through NFKC.)
const dashLike = /[\p{Pd}\u2212\u2043\u02d7\u2796\u2e3a\u2e3b]/u;
const asciiDigit = /[0-9]/;
// Raised and bullet dots between digits read as the dot of "12.12.12-1212".
const dotLike = /[\u00b7\u2022\u2219\u22c5\u2027\u30fb]/;

/** The value of a Unicode decimal digit: Unicode assigns them in runs of ten, from 0 to 9. */
function digitValue(char: string): string {
	const code = char.codePointAt(0)!;
	let first = code;
	while (first > 0 && decimalDigit.test(String.fromCodePoint(first - 1))) first--;
	return String((code - first) % 10);
}

const plainText = /^[\x20-\x7e\u00c0-\u024f\n]*$/;

/**
 * The text view: every character readable as the detectors expect. For text that is plain already
 * (printable ASCII, Latin letters, line feeds) the view is the text itself.
 */
export function textView(original: string): TextView {
	if (plainText.test(original)) return identityView(original);
	const out: string[] = [];
	const starts: number[] = [];
	const ends: number[] = [];
	// Per UTF-16 unit, as the detectors' offsets are: an emoji is two units, both from one character.
	const push = (value: string, start: number, end: number) => {
		for (let unit = 0; unit < value.length; unit++) {
			out.push(value[unit]);
			starts.push(start);
			ends.push(end);
		}
	};
	let index = 0;
	while (index < original.length) {
		const start = index;
		const base = String.fromCodePoint(original.codePointAt(index)!);
		index += base.length;
		if (invisible.test(base)) {
			if (base === softHyphen && asciiDigit.test(out.at(-1) ?? '') && nextVisibleIsDigit(original, index))
				push('-', start, index);
			continue;
		}
		// The base character and the combining marks that follow it form one cluster.
		let cluster = base;
		while (index < original.length) {
			const next = String.fromCodePoint(original.codePointAt(index)!);
			if (!mark.test(next)) break;
			cluster += next;
			index += next.length;
		}
		// Marks that NFKC could not compose into a letter (a strike-through, an overlay) only hide it.
		const value = [...cluster.normalize('NFKC')].filter((char) => !mark.test(char)).join('');
		let normalised = '';
		for (const char of value) {
			if (char === '\n' || lineBreak.test(char)) normalised += '\n';
			else if (otherSpace.test(char)) normalised += ' ';
			else if (decimalDigit.test(char) && !asciiDigit.test(char)) normalised += digitValue(char);
			else normalised += char;
		}
		push(normalised, start, index);
	}
	return { text: out.join(''), starts, ends };
}

function nextVisibleIsDigit(original: string, from: number): boolean {
	for (const char of original.slice(from, from + 16)) {
		if (invisible.test(char)) continue;
		const value = char.normalize('NFKC');
		return decimalDigit.test(value[0] ?? '');
	}
	return false;
}

function identityView(text: string): TextView {
	const starts = new Array<number>(text.length);
	const ends = new Array<number>(text.length);
	for (let i = 0; i < text.length; i++) {
		starts[i] = i;
		ends[i] = i + 1;
	}
	return { text, starts, ends };
}

/**
 * The one separator a run stands for: " " for spaces and line breaks, "-" for dashes, and " – " for
 * a dash with space around it, which may join the parts of one number or set two numbers apart.
 */
function separatorFor(run: string): string {
	if (dotLike.test(run) && !/[\s\p{Pd}\u2212\u2043\u02d7\u2796\u2e3a\u2e3b]/u.test(run)) return '.';
	if (!dashLike.test(run)) return ' ';
	return /\s/.test(run) ? ' \u2013 ' : '-';
}

const separatorRun =
	/(?<=[0-9])(?:[\s\p{Pd}\u2212\u2043\u02d7\u2796\u2e3a\u2e3b]+|[\u00b7\u2022\u2219\u22c5\u2027\u30fb])(?=[0-9])/gu;

const spacedDigits = /(?<![0-9])[0-9](?:[\s\p{Pd}\u2212\u2043\u02d7\u2796\u2e3a\u2e3b]+[0-9](?![0-9])){5,}/gu;

/**
 * The numbers view of a text view: every run of whitespace and dashes between two digits is one
 * separator ("850315 –\n1234" reads "850315-1234", "070\t123" reads "070 123"). Its positions map to
 * positions of the text view, not of the original; null when it would equal the text view.
 */
export function numbersView(view: TextView): TextView | null {
	if (!/[0-9]/.test(view.text)) return null;
	const out: string[] = [];
	const starts: number[] = [];
	const ends: number[] = [];
	let position = 0;
	const keep = (until: number) => {
		for (let i = position; i < until; i++) {
			out.push(view.text[i]);
			starts.push(i);
			ends.push(i + 1);
		}
	};
	// Digits typed one by one with space between ("0 7 0 1 2 3 4 5 6 7") are one number.
	const spaced = [...view.text.matchAll(spacedDigits)].map((m) => [m.index, m.index + m[0].length]);
	for (const match of view.text.matchAll(separatorRun)) {
		const run = match[0];
		const separator = spaced.some(([from, to]) => match.index > from && match.index < to) ? '' : separatorFor(run);
		if (run === separator) continue;
		keep(match.index);
		for (const char of separator) {
			out.push(char);
			starts.push(match.index);
			ends.push(match.index + run.length);
		}
		position = match.index + run.length;
	}
	if (position === 0) return null;
	keep(view.text.length);
	return { text: out.join(''), starts, ends };
}

/**
 * The original with each stretch under a right-to-left override reversed (as it is shown), as a
 * view, or null when the text has no such override. A stretch ends at the next pop (U+202C) or line.
 */
export function reversedOverrides(original: string): TextView | null {
	if (!original.includes(rightToLeftOverride)) return null;
	const order: number[] = [];
	let index = 0;
	while (index < original.length) {
		if (original[index] !== rightToLeftOverride) {
			order.push(index++);
			continue;
		}
		order.push(index++);
		const stretch: number[] = [];
		while (index < original.length && original[index] !== popDirectionalFormatting && !lineBreak.test(original[index]))
			stretch.push(index++);
		order.push(...stretch.reverse());
	}
	// Reversing by UTF-16 unit would split surrogate pairs: put each pair back in order.
	const units: number[] = [];
	for (let i = 0; i < order.length; i++) {
		const unit = original.charCodeAt(order[i]);
		const next = order[i + 1];
		if (unit >= 0xdc00 && unit <= 0xdfff && next === order[i] - 1) {
			units.push(next, order[i]);
			i++;
		} else units.push(order[i]);
	}
	const reordered = units.map((i) => original[i]).join('');
	const view = textView(reordered);
	// Map the reordered text's positions back to the original's: each view character came from a
	// range of the reordered text; its original range spans the original indices of that range.
	const starts: number[] = [];
	const ends: number[] = [];
	for (let i = 0; i < view.text.length; i++) {
		let low = Infinity;
		let high = -Infinity;
		for (let k = view.starts[i]; k < view.ends[i]; k++) {
			low = Math.min(low, units[k]);
			high = Math.max(high, units[k] + 1);
		}
		starts.push(low);
		ends.push(high);
	}
	return { text: view.text, starts, ends };
}

/** The range of a view's source (the original, or the text view of a numbers view) that a span of it covers. */
export function originalRange(view: TextView, start: number, end: number): { start: number; end: number } {
	let from = view.starts[start];
	let to = view.ends[end - 1];
	for (let i = start; i < end; i++) {
		from = Math.min(from, view.starts[i]);
		to = Math.max(to, view.ends[i]);
	}
	return { start: from, end: to };
}
