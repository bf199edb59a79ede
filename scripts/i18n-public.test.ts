import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileRequired, PARTLY_PUBLIC, PUBLIC_CATALOGUES, PUBLIC_ONLY_LOCALES, requiredKeys } from './i18n-public.mjs';

/**
 * Finnish is a language of the public pages only (docs/decisions/019-public-languages.md): the
 * public catalogues must have every message in it, the app's none, and whatever a public page shows
 * must be translated — checked here over the real catalogues and the real public routes.
 */

const catalogue = (module: string, locale: string): Record<string, unknown> => {
	try {
		return JSON.parse(readFileSync(`messages/${module}/${locale}.json`, 'utf8'));
	} catch {
		return {};
	}
};
const keysOf = (module: string, locale: string) =>
	Object.keys(catalogue(module, locale)).filter((k) => k !== '$schema');

function* files(dir: string): Generator<string> {
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) yield* files(path);
		else if (/\.(svelte|ts)$/.test(entry)) yield path;
	}
}

describe('check:i18n for the public-only languages', () => {
	it('requires every message of a public catalogue in Finnish, and none of an app catalogue', () => {
		const base = ['ask_title', 'ask_submit'];
		expect(requiredKeys('ask', 'fi', base)).toEqual(base);
		// The same rule the check applies: a public message without fi is reported…
		const missing = requiredKeys('ask', 'fi', base).filter((key) => !['ask_title'].includes(key));
		expect(missing).toEqual(['ask_submit']);
		// …an app message is not, and app catalogues need no Finnish file at all.
		expect(requiredKeys('statistics', 'fi', ['statistics_title'])).toEqual([]);
		expect(fileRequired('statistics', 'fi')).toBe(false);
		expect(fileRequired('ask', 'fi')).toBe(true);
		// Swedish, Norwegian and English stay complete everywhere.
		for (const locale of ['nb', 'en']) {
			expect(requiredKeys('consultations', locale, ['consultations_title'])).toEqual(['consultations_title']);
			expect(fileRequired('consultations', locale)).toBe(true);
		}
		// A partly public catalogue: only the messages public pages and mails borrow.
		expect(requiredKeys('events', 'fi', ['mail_event_registered_subject', 'error_events_title_required'])).toEqual([
			'mail_event_registered_subject'
		]);
	});

	it('every public catalogue is complete in Finnish, with the same placeholders', () => {
		for (const locale of PUBLIC_ONLY_LOCALES) {
			for (const module of [...PUBLIC_CATALOGUES, ...Object.keys(PARTLY_PUBLIC)]) {
				const fi = catalogue(module, locale);
				for (const key of requiredKeys(module, locale, keysOf(module, 'sv'))) {
					expect(fi[key], `${module}/${locale}.json: ${key}`).toBeDefined();
				}
			}
		}
	});

	it('every message a public page shows is translated into Finnish, also in the components it uses', () => {
		const translated = new Set<string>();
		for (const module of readdirSync('messages')) for (const key of keysOf(module, 'fi')) translated.add(key);
		// The public routes and every component or browser-side module they import, transitively
		// (server code is left out: its messages reach a page as keys, checked by the lists above).
		const queue = [...files('src/routes/(public)')];
		const seen = new Set(queue);
		const untranslated: string[] = [];
		while (queue.length) {
			const file = queue.shift()!;
			const text = readFileSync(file, 'utf8');
			for (const [, key] of text.matchAll(/\bm\.([a-z0-9_]+)\(/g)) {
				if (!translated.has(key)) untranslated.push(`${file}: ${key}`);
			}
			for (const [, spec] of text.matchAll(/from '((?:#lib|\.{1,2})\/[^']+\.(?:svelte|ts))'/g)) {
				const target = spec.startsWith('#lib/') ? join('src/lib', spec.slice(5)) : join(dirname(file), spec);
				if (target.startsWith('src/lib/server') || target.startsWith('src/lib/paraglide') || seen.has(target)) continue;
				seen.add(target);
				queue.push(target);
			}
		}
		expect(untranslated).toEqual([]);
	});
});
