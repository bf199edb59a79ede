// Rules that npm run check:i18n applies to every message of every catalogue, kept apart from
// the script so a unit test can run them over a fixture catalogue. See docs/decisions/017-words.md.

/**
 * Placeholder names that carry a count. A message that shows a number of things must choose its
 * words by that number ("1 plats" / "2 platser", "1 day" / "2 days"), so every placeholder with one
 * of these names has to go through a `plural` declaration that the message's variants select on.
 * Ordinals and labels (page, pages, number, position, year) are not counts and are left out.
 * A new count placeholder gets one of these names (or ends in Count, e.g. seatCount).
 */
export const COUNT_PLACEHOLDERS = [
	'count',
	'n',
	'total',
	'days',
	'hours',
	'minutes',
	'seconds',
	'weeks',
	'months',
	'years',
	'seats',
	'taken',
	'capacity',
	'attended',
	'answered',
	'reached',
	'participating',
	'added',
	'inPlace',
	'shown',
	'organisations',
	'representatives',
	'checklist',
	'max',
	'min'
];

/** @param {string} name */
export function isCountPlaceholder(name) {
	return COUNT_PLACEHOLDERS.includes(name) || /^[a-z]\w*Count$/.test(name);
}

/**
 * {name} placeholders written in a text (markup {#b}/{/b} and \{ ignored)
 * @param {unknown} text
 * @returns {string[]}
 */
export function textPlaceholders(text) {
	return [...String(text).matchAll(/(?<!\\)\{([A-Za-z_][\w]*)\}/g)].map((x) => x[1]);
}

/**
 * Problems with the plural forms of one message (a leaf of a catalogue: a string, or an array of
 * variant blocks with declarations, selectors and match).
 * @param {string} key
 * @param {unknown} value
 * @returns {string[]}
 */
export function pluralProblems(key, value) {
	if (typeof value === 'string') {
		const counts = [...new Set(textPlaceholders(value).filter(isCountPlaceholder))];
		return counts.length
			? [
					`"${key}" shows the count {${counts.join('}, {')}} without plural forms: declare "input ${counts[0]}", "local ${counts[0]}Plural = ${counts[0]}: plural" and match ${counts[0]}Plural=one / ${counts[0]}Plural=*`
				]
			: [];
	}
	if (!Array.isArray(value)) return [];
	const problems = [];
	for (const block of value) {
		const declarations = block?.declarations ?? [];
		const selectors = block?.selectors ?? [];
		const match = block?.match ?? {};
		const inputs = new Set();
		/** local name -> the input it takes the plural category of */
		const plurals = new Map();
		/** local name -> the input it is computed from (formatted numbers count as the input) */
		const locals = new Map();
		for (const d of declarations) {
			const input = /^input\s+(\w+)$/.exec(d.trim());
			if (input) inputs.add(input[1]);
			const local = /^local\s+(\w+)\s*=\s*(\w+)\s*:\s*(\w+)/.exec(d.trim());
			if (local) {
				locals.set(local[1], local[2]);
				if (local[3] === 'plural') plurals.set(local[1], local[2]);
			}
		}
		const used = new Set();
		for (const text of Object.values(match)) {
			for (const name of textPlaceholders(text)) used.add(locals.get(name) ?? name);
		}
		// whatever its name, a value formatted as a number is a count of something
		const numbers = new Set(
			declarations
				.map((/** @type {string} */ d) => /^local\s+\w+\s*=\s*(\w+)\s*:\s*number\b/.exec(d.trim())?.[1])
				.filter(Boolean)
		);
		for (const name of used) {
			if (!isCountPlaceholder(name) && !numbers.has(name)) continue;
			const selector = [...plurals].find(([local, input]) => input === name && selectors.includes(local));
			if (!selector) {
				problems.push(
					`"${key}" shows the count {${name}} but selects no plural of it: add "local ${name}Plural = ${name}: plural" to declarations and "${name}Plural" to selectors`
				);
				continue;
			}
			if (!inputs.has(name)) problems.push(`"${key}": the count {${name}} needs "input ${name}" in declarations`);
			const local = selector[0];
			const keys = Object.keys(match);
			if (!keys.some((k) => new RegExp(`(^|,)\\s*${local}=one\\s*(,|$)`).test(k)))
				problems.push(`"${key}" has no variant for ${local}=one (the singular, "1 …")`);
			if (!keys.some((k) => new RegExp(`(^|,)\\s*${local}=\\*\\s*(,|$)`).test(k)))
				problems.push(`"${key}" has no catch-all variant ${local}=*`);
		}
	}
	return problems;
}

/**
 * flatten nested objects to dot keys; strings and arrays (variants) are leaves
 * @param {Record<string, unknown>} obj
 * @param {string} [prefix]
 * @param {Map<string, unknown>} [out]
 * @returns {Map<string, unknown>}
 */
export function flattenCatalogue(obj, prefix = '', out = new Map()) {
	for (const [k, v] of Object.entries(obj)) {
		if (k === '$schema') continue;
		const key = prefix ? `${prefix}.${k}` : k;
		if (v !== null && typeof v === 'object' && !Array.isArray(v))
			flattenCatalogue(/** @type {Record<string, unknown>} */ (v), key, out);
		else out.set(key, v);
	}
	return out;
}

/**
 * The rules over one parsed catalogue file ({ key: message }).
 * @param {Record<string, unknown>} catalogue
 * @returns {string[]}
 */
export function catalogueProblems(catalogue) {
	const problems = [];
	for (const [key, value] of flattenCatalogue(catalogue)) problems.push(...pluralProblems(key, value));
	return problems;
}
