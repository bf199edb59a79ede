// Street addresses (a street name with a typical ending, then a number) and postcodes followed by
// a place name (Swedish "123 45 Ort", Norwegian "0150 Oslo").
import type { Span } from './types.ts';

// Endings of one-word street names in Swedish and Norwegian (Storgatan, Björkvägen, Tollbugata, …).
const endings = [
	'gatan',
	'gata',
	'gate',
	'gaten',
	'vägen',
	'väg',
	'veien',
	'vegen',
	'vei',
	'veg',
	'gränd',
	'gränden',
	'stigen',
	'stig',
	'stien',
	'torget',
	'torg',
	'torvet',
	'plan',
	'planen',
	'platsen',
	'plass',
	'plassen',
	'allén',
	'allé',
	'alle',
	'backe',
	'backen',
	'bakken',
	'leden',
	'slingan',
	'svängen',
	'svingen',
	'ringen',
	'gången',
	'kroken',
	'liden',
	'brinken',
	'höjden',
	'terrassen',
	'kajen',
	'bryggan',
	'brygge',
	'udden',
	'strand',
	'stranden',
	'løkka',
	'lia',
	'tunet',
	'haugen',
	'åsen',
	'berget',
	'parken',
	'hagen'
];
// Endings that also stand alone after a name: "Karl Johans gate 22", "Drottning Kristinas väg 3".
const separateWords = ['gata', 'gatan', 'gate', 'väg', 'vägen', 'vei', 'veg', 'allé', 'plass', 'torg', 'gränd'];

const alternatives = endings.sort((a, b) => b.length - a.length).join('|');
const number = String.raw`\d{1,4}(?:\s?[A-Ha-h](?![\p{L}\p{N}]))?(?:\s?(?:,\s?)?(?:lgh|leil\.?|lägenhet|leilighet)\s?[A-Z]?\d{2,4}|\s[HKUL]\d{4}(?![\p{L}\p{N}]))?`;
const oneWord = new RegExp(
	String.raw`(?<![\p{L}\p{N}-])(?:\p{L}[\p{L}-]{1,30}(?:${alternatives}))\s(?:nr\.?\s)?${number}(?![\p{N}]|[\p{L}]{2}|\s?(?:kap|§|år|st\b|kr\b|%))`,
	'giu'
);
const multiWord = new RegExp(
	String.raw`(?<![\p{L}\p{N}-])(?:\p{Lu}[\p{L}.'’-]*\s){1,3}(?:${separateWords.join('|')})\s${number}(?![\p{N}]|[\p{L}]{2})`,
	'gu'
);
// Postboxes: "Box 2045", "Postboks 312", "Pb. 45".
const postbox =
	/(?<![\p{L}\p{N}])(?:[Bb]ox|[Pp]ostboks|[Pp]ostbox|[Pp]ostfack|Pb\.?)\s?\d{1,5}(?![\p{N}]|\s?(?:kr\b|st\b|%))/gu;
// A word before a one-word street name that belongs to it: "Gamle Drammensvei 110", "Øvre Slottsgate 8",
// "Järnbrotts prästväg 31".
const streetPrefix =
	/(?<![\p{L}\p{N}])(?:Gamle|Gamla|Nye|Nya|Øvre|Övre|Nedre|Norra|Södra|Östra|Västra|Nordre|Søndre|Østre|Vestre|Store|Stora|Lille|Lilla|Sankt|St\.|Indre|Ytre|Yttre|Inre|\p{Lu}\p{Ll}{2,}s)[ \u00a0]$/u;
const swedishPostcode = /(?<![\p{L}\p{N}])\d{3}[ \u00a0]?\d{2}[ \u00a0]+\p{Lu}[\p{L}-]+(?:[ \u00a0]\p{Lu}[\p{L}-]+)?/gu;
// A Norwegian postal place may end in a postal-area letter ("4610 Kristiansand S", "0150 Oslo S"):
// one capital letter standing alone, taken as part of the postcode.
const norwegianPostcode =
	/(?<![\p{L}\p{N}§])\d{4}[ \u00a0]+\p{Lu}[\p{L}-]+(?:[ \u00a0]\p{Lu}[\p{L}-]+)?(?:[ \u00a0][NSØV](?![\p{L}\p{N}'’-]))?/gu;
// "1000 Oslo-barn" is a number and a compound word, not a postcode ("Malung-Sälen" is a place).
const compound = /-\p{Ll}/u;
const placeNotFollowingYear = /^(?:19|20)\d{2}$/;

// Words that introduce an address rather than belong to it ("Adresse Karl Johans gate 22").
const leadingWord =
	/^(?:adress|adressen|adresse|adressa|hemadress|postadress|besöksadress|bor|bodde|bur|på|i|og|och)[ \u00a0]+/iu;

export function findAddresses(text: string): Span[] {
	const spans: Span[] = [];
	for (const pattern of [oneWord, multiWord, postbox])
		for (const match of text.matchAll(pattern)) {
			let start = match.index;
			let value = match[0].trimEnd();
			const prefix = pattern === oneWord ? streetPrefix.exec(text.slice(Math.max(0, start - 20), start)) : null;
			if (prefix) {
				start -= prefix[0].length;
				value = prefix[0] + value;
			}
			for (let cut = leadingWord.exec(value); cut; cut = leadingWord.exec(value)) {
				start += cut[0].length;
				value = value.slice(cut[0].length);
			}
			spans.push({ type: 'address', start, end: start + value.length });
		}
	return spans;
}

/** Postcodes with a place; `isPlace` tells whether the word after the digits can be a place name. */
export function findPostcodes(text: string, isPlace: (word: string) => boolean): Span[] {
	const spans: Span[] = [];
	for (const match of text.matchAll(swedishPostcode)) {
		const place = match[0].replace(/^\d{3}[ \u00a0]?\d{2}[ \u00a0]+/, '');
		if (!isPlace(place.split(/[ \u00a0]/)[0]) || compound.test(place)) continue;
		spans.push({ type: 'postcode', start: match.index, end: match.index + match[0].length });
	}
	for (const match of text.matchAll(norwegianPostcode)) {
		const [code, ...rest] = match[0].split(/[ \u00a0]+/);
		// A year before a capitalised word ("2026 Tromsø kommun") is not a postcode unless it follows
		// a comma, as in "Storgata 5, 2050 Jessheim".
		if (placeNotFollowingYear.test(code) && !/,\s*$/.test(text.slice(Math.max(0, match.index - 3), match.index)))
			continue;
		if (!isPlace(rest[0]) || compound.test(rest[0])) continue;
		spans.push({ type: 'postcode', start: match.index, end: match.index + match[0].length });
	}
	return spans;
}
