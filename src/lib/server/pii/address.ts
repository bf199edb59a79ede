// Street addresses (a street name with a typical ending, then a number) and postcodes followed by
// a place name (Swedish "123 45 Ort", Norwegian "0150 Oslo").
import { calendarWords, roleWords, sentenceWords } from './data/words.ts';
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
// Street words that also stand alone after a capitalised word, in the indefinite and the definite
// form: "Karl Johans gate 22", "Drottning Kristinas väg 3", "Lilla torget 2", "Gamle veien 5",
// "Gustav Adolfs plan 1". The first letter may be a capital ("Stora Torget 3").
const separateWords = [
	'gata',
	'gatan',
	'gate',
	'gaten',
	'väg',
	'vägen',
	'vei',
	'veien',
	'veg',
	'vegen',
	'allé',
	'allén',
	'plass',
	'plassen',
	'plats',
	'platsen',
	'torg',
	'torget',
	'torv',
	'torvet',
	'gränd',
	'gränden',
	'plan',
	'planen',
	'stig',
	'stigen',
	'sti',
	'stien',
	'backe',
	'backen',
	'bakken',
	'kaj',
	'kajen',
	'brygge',
	'bryggan'
];

const alternatives = endings.sort((a, b) => b.length - a.length).join('|');
const number = String.raw`\d{1,4}(?:\s?[A-Ha-h](?![\p{L}\p{N}]))?(?:\s?(?:,\s?)?(?:lgh|leil\.?|lägenhet|leilighet)\s?[A-Z]?\d{2,4}|\s[HKUL]\d{4}(?![\p{L}\p{N}]))?`;
const oneWord = new RegExp(
	String.raw`(?<![\p{L}\p{N}-])(?:\p{L}[\p{L}-]{1,30}(?:${alternatives}))\s(?:nr\.?\s)?${number}(?![\p{N}]|[\p{L}]{2}|\s?(?:kap|§|år|st\b|kr\b|%))`,
	'giu'
);
const separateAlternatives = separateWords
	.sort((a, b) => b.length - a.length)
	.map((word) => `[${word[0]}${word[0].toUpperCase()}]${word.slice(1)}`)
	.join('|');
// The word right before the street word (group 1) has two letters or more, so a building and a
// floor ("Hus B plan 3") are not taken for a street, and it must not be one of `notStreetNames`.
// What follows the number must not make it an amount or a law reference, as for one-word names.
const multiWord = new RegExp(
	String.raw`(?<![\p{L}\p{N}-])(?:\p{Lu}[\p{L}.'’-]*\s){0,2}(\p{Lu}[\p{L}.'’-]+)\s(?:${separateAlternatives})\s${number}(?![\p{N}]|[\p{L}]{2}|\s?(?:kap|§|år|st\b|kr\b|%))`,
	'gu'
);
// A capitalised word that starts a sentence or names a role is no street name: "Enligt plan 2",
// "Flickans plan 3".
const notStreetNames = new Set([...sentenceWords, ...roleWords, ...calendarWords]);
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

// Plans of case work are not squares: "handlingsplanen 2026", "enligt åtgärdsplan 2", "vårdplan 3".
// A one-word "…plan"/"…planen" is taken for a street only when it is not such a plan and its number
// is no year (Stureplan 4, Mariaplan 2 remain addresses).
const casePlan =
	/(?:handlings|åtgärds|behandlings|genomförande|vård|arbets|säkerhets|skydds|stöd|insats|utrednings|verksamhets|kris|elev|studie|tiltaks|omsorgs|oppfølgings|beredskaps|individ|aktivitets|lärande|rehabiliterings|bemannings)plan(?:en)?$/iu;
const yearNumber = /^(?:19|20)\d{2}$/;

function isCasePlan(match: string): boolean {
	const [word, numberPart] = match.split(/\s+/);
	if (!/plan(?:en)?$/iu.test(word)) return false;
	return casePlan.test(word) || word[0] !== word[0].toUpperCase() || yearNumber.test(numberPart ?? '');
}

// Words that introduce an address rather than belong to it ("Adresse Karl Johans gate 22").
const leadingWord =
	/^(?:adress|adressen|adresse|adressa|hemadress|postadress|besöksadress|bor|bodde|bur|på|i|og|och)[ \u00a0]+/iu;

export function findAddresses(text: string): Span[] {
	const spans: Span[] = [];
	for (const pattern of [oneWord, multiWord, postbox])
		for (const match of text.matchAll(pattern)) {
			if (pattern === multiWord && notStreetNames.has(match[1].toLowerCase())) continue;
			if (pattern === oneWord && isCasePlan(match[0])) continue;
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
