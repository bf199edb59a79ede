// Personal names: a gazetteer of first names and surnames (data/), plus guarded heuristics for
// capitalised words next to a known name, after a cue ("dottern Gullan", "heter …") or with a
// surname ending (-sson, -ović, -zadeh, …). Role words, months, places, municipalities and
// organisations are not names; names that are also places count as names unless the context
// makes them a place ("i Nora", "Nora kommun").
import { noMunicipalities, seMunicipalities } from '../directory/index.ts';
import { firstNameGroups } from './data/first-names.ts';
import { surnameGroups } from './data/surnames.ts';
import {
	calendarWords,
	commonWords,
	extraPlaces,
	nameCues,
	orgBefore,
	organisationWords,
	placeCues,
	placeOrOrgAfter,
	roleWords,
	sentenceWords
} from './data/words.ts';
import type { Span } from './types.ts';

const words = (groups: Record<string, string>) =>
	new Set(
		Object.values(groups)
			.flatMap((group) => group.split(/\s+/))
			.filter(Boolean)
			.map((name) => name.toLocaleLowerCase('sv'))
	);

export const firstNames: ReadonlySet<string> = words(firstNameGroups);
export const surnames: ReadonlySet<string> = words(surnameGroups);

const lower = (list: readonly string[]) => list.map((word) => word.toLocaleLowerCase('sv'));
const placeNames = new Set(
	lower([
		...seMunicipalities.flatMap(([, name, , county]) => [name, county]),
		...noMunicipalities.flatMap(([, name, , county]) => [name, county]),
		...extraPlaces
	]).flatMap((name) => [name, ...name.split(/[\s-]+/)])
);
const notNames = new Set([...roleWords, ...calendarWords, ...organisationWords, ...sentenceWords]);
const ambiguous = new Set(commonWords);
const cues = new Set(nameCues);
const placeBefore = new Set(placeCues);
const after = new Set(placeOrOrgAfter);
const orgs = new Set(orgBefore);
// For appositions after a role ("Kjæresten hennes, Dani, …", "Pojkvännen till henne, Milad, …").
const possessives = new Set(
	'hennes hans deras hennar deres deira min mitt mina mi mine din ditt dina dine sin sitt sina sine'.split(' ')
);
const linking = new Set(['till', 'til', 'åt']);
const objectPronouns = new Set(['henne', 'honom', 'ham', 'han', 'dem', 'dom', 'meg', 'mig', 'deg', 'dig']);

const surnameEnding =
	/(?:sson|ström|strom|qvist|kvist|gren|ović|ovic|ević|evic|vić|zadeh|oğlu|oglu|ski|ska|wicz|zai|sen|yan|ian)$/u;
const orgEnding =
	/(?:skolan|skola|skole|skolen|jouren|verket|kassan|huset|tjänsten|tjenesten|nämnden|mottagningen|centralen|senteret|kontoret|förvaltningen|kommun|kommune|gruppen|teamet|rådet|förbundet|forbundet|enheten|avdelningen)$/u;

interface Token {
	text: string;
	lower: string;
	start: number;
	end: number;
	capitalised: boolean;
	sentenceStart: boolean;
}

const tokenPattern = /\p{L}[\p{L}\p{M}'’-]*\p{L}|\p{L}/gu;
// Abbreviations that end in a full stop inside a sentence ("ang. Yonatan", "bl.a. Hodan", "f.d. sambon
// Mehmet"): the word after them does not start a sentence. Abbreviations that usually end one
// ("osv.", "m.fl.") are not listed.
const abbreviation =
	/(?:^|[^\p{L}.])(?:ang|angående|bl\.a|bl\.\s?a|t\.ex|enl|jfr?|ca|kl|ref|nr|tel|tfn|tlf|mob|obs|resp|inkl|exkl|ev|evt|f\.d|fd|p\.g\.a|pga|dvs|iht|vedr|mht|hhv|avd|v|f|st|s\.k|bl\.a|u\.a|d\.v\.s|m\.h\.t)\.$/iu;

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	for (const match of text.matchAll(tokenPattern)) {
		const word = match[0].replace(/['’-]+$/, '');
		const before = text.slice(0, match.index).trimEnd();
		tokens.push({
			text: word,
			lower: word.toLocaleLowerCase('sv'),
			start: match.index,
			end: match.index + word.length,
			capitalised: /^\p{Lu}\p{Ll}/u.test(word) || /^\p{Lu}$/u.test(word),
			sentenceStart:
				before === '' || (/[.!?:;"»«(\n•*–—]$|^\s*-$|\n\s*-$/u.test(before) && !abbreviation.test(before.slice(-12)))
		});
	}
	return tokens;
}

/** The word without a genitive ending, when that makes it a known name ("Amiras", "Jonas'"). */
function baseOf(lowerWord: string, known: (word: string) => boolean): string {
	if (known(lowerWord)) return lowerWord;
	const stripped = lowerWord.replace(/(?:['’]s|s['’]?|['’])$/u, '');
	return stripped !== lowerWord && known(stripped) ? stripped : lowerWord;
}

const isKnownWord = (word: string) => firstNames.has(word) || surnames.has(word);
// "Anna-Karin", "Jon-Erik", "Al-Hassan", "El-Sayed": every part a name, or an Arabic article first.
const isKnown = (word: string) =>
	isKnownWord(word) ||
	(word.includes('-') &&
		word
			.split('-')
			.every(
				(part, i, parts) =>
					isKnownWord(part) || (i === 0 && parts.length > 1 && /^(?:al|el|abu|abd|bin|ibn)$/.test(part))
			));
const isPlaceOrOrg = (word: string) => placeNames.has(word) || orgEnding.test(word) || organisationWords.includes(word);

/** Whether a capitalised word can be a place name (for postcodes). */
export function isPlaceWord(word: string): boolean {
	const lowered = word.toLocaleLowerCase('sv');
	return !notNames.has(lowered) && !/^\d/.test(word);
}

export function findNames(text: string): Span[] {
	const tokens = tokenize(text);
	const isName: boolean[] = tokens.map(() => false);
	const known: boolean[] = tokens.map(() => false);
	const adjacent = (i: number, j: number) =>
		j >= 0 &&
		j < tokens.length &&
		/^[ \u00a0]$/.test(text.slice(tokens[Math.min(i, j)].end, tokens[Math.max(i, j)].start));

	// In a list of names ("Hamza, Ilyas och Hafsa"), a capitalised word with names on both sides.
	const joiners = new Set(['och', 'og', 'samt', 'eller', 'and']);
	const listed = (i: number, side: -1 | 1): boolean => {
		const j = i + side;
		if (j < 0 || j >= tokens.length) return false;
		const [a, b] = side < 0 ? [j, i] : [i, j];
		if (isName[j] && /^, ?$/.test(text.slice(tokens[a].end, tokens[b].start))) return true;
		const k = j + side;
		return joiners.has(tokens[j].lower) && k >= 0 && k < tokens.length && isName[k] && adjacent(j, k) && adjacent(i, j);
	};

	// Apposition after a role: "Moren, Fatuma, har bedt om tolk", "Kjæresten hennes, Dani, har truet",
	// "Pojkvännen till henne, Milad, har skickat". The words before the comma are a cue word, alone,
	// with one possessive after it, or with till/til/åt and an object pronoun (at most three words, one
	// space apart); the name must be closed by a comma, a bracket or a dash, after at most two more
	// capitalised words ("Faren hans, Reza Mohammadi, har …").
	const apposition = (i: number): boolean => {
		if (i < 1 || !/^, $/.test(text.slice(tokens[i - 1].end, tokens[i].start))) return false;
		let last = i;
		while (last < i + 2 && tokens[last + 1]?.capitalised && adjacent(last, last + 1)) last++;
		if (!/^(?:,|[ \u00a0]?\(|[ \u00a0][–—-][ \u00a0])/u.test(text.slice(tokens[last].end, tokens[last].end + 3)))
			return false;
		const [a, b, c] = [tokens[i - 1], tokens[i - 2], tokens[i - 3]];
		if (cues.has(a.lower)) return true;
		if (!b || !adjacent(i - 2, i - 1)) return false;
		if (cues.has(b.lower) && possessives.has(a.lower)) return true;
		return !!c && adjacent(i - 3, i - 2) && cues.has(c.lower) && linking.has(b.lower) && objectPronouns.has(a.lower);
	};

	for (let i = 0; i < tokens.length; i++) {
		const token = tokens[i];
		if (!token.capitalised) continue;
		const base = baseOf(token.lower, isKnown);
		if (notNames.has(base) && !ambiguous.has(base)) continue;
		const previous = tokens[i - 1]?.lower ?? '';
		const next = tokens[i + 1];
		const nextLower = next && adjacent(i, i + 1) ? next.lower : '';
		if (after.has(nextLower) || orgs.has(previous) || orgEnding.test(base)) continue;
		// "heter Gullan", "dottern Gullan", "hennes namn är Gullan", "navnet hennes er Gullan".
		const cue =
			(cues.has(previous) && adjacent(i - 1, i)) ||
			apposition(i) ||
			((previous === 'är' || previous === 'er') &&
				tokens.slice(Math.max(0, i - 3), i - 1).some((t) => /^(?:namn|namnet|navn|navnet)$/.test(t.lower)));
		if (isKnown(base)) {
			known[i] = true;
			const nextIsName = next && adjacent(i, i + 1) && next.capitalised && isKnown(baseOf(next.lower, isKnown));
			if (ambiguous.has(base) && token.sentenceStart && !nextIsName && !cue) continue;
			const previousIsName = i > 0 && isName[i - 1] && adjacent(i - 1, i);
			if (placeNames.has(base) && !cue && !nextIsName && !previousIsName) {
				// "i Nora", "Nora kommun": a place. A surname alone that is also a place ("Lund") is a place.
				if (placeBefore.has(previous) || token.sentenceStart || !firstNames.has(base)) continue;
			}
			isName[i] = true;
			continue;
		}
		if (isPlaceOrOrg(base) || notNames.has(base)) continue;
		if (cue && !token.sentenceStart) isName[i] = true;
		else if (!token.sentenceStart && surnameEnding.test(base) && base.length > 4) isName[i] = true;
	}

	// A capitalised word right next to a name is part of it ("Amira Khoshnaw", "Jon Erik Haugli").
	for (let changed = true; changed;) {
		changed = false;
		for (let i = 0; i < tokens.length; i++) {
			if (isName[i] || !tokens[i].capitalised) continue;
			const base = baseOf(tokens[i].lower, isKnown);
			if (notNames.has(base) || isPlaceOrOrg(base) || after.has(base)) continue;
			const nextToName = (isName[i - 1] && adjacent(i - 1, i)) || (isName[i + 1] && adjacent(i, i + 1));
			if (!nextToName && !(listed(i, -1) && listed(i, 1))) continue;
			// A sentence-initial word before a name ("Igår Amira …") needs to be a known name itself.
			if (tokens[i].sentenceStart && !known[i]) continue;
			isName[i] = true;
			changed = true;
		}
	}

	const spans: Span[] = [];
	for (let i = 0; i < tokens.length; i++) {
		if (!isName[i]) continue;
		let j = i;
		while (isName[j + 1] && adjacent(j, j + 1)) j++;
		// A name before an organisation noun names the organisation ("Anna Whitlocks gymnasium").
		const following = tokens[j + 1] && adjacent(j, j + 1) ? tokens[j + 1].lower : '';
		if (!after.has(following)) spans.push({ type: 'name', start: tokens[i].start, end: tokens[j].end });
		i = j;
	}
	return spans;
}
