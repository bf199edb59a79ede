// npm run check:i18n — compiles the catalogues with Paraglide and verifies that
// every module has the same keys (and the same {placeholders}) in sv, nb and en, and that every
// count has plural forms (scripts/i18n-rules.mjs).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../paraglide.options.js';
import { fileRequired, moduleOf, requiredKeys } from './i18n-public.mjs';
import { catalogueProblems } from './i18n-rules.mjs';

const settings = JSON.parse(readFileSync(join(paraglideOptions.project, 'settings.json'), 'utf8'));
const { baseLocale, locales } = settings;
const patterns = [settings['plugin.inlang.messageFormat'].pathPattern].flat();
const problems = [];

/** flatten nested objects to dot keys; strings and arrays (variants) are leaves */
function flatten(obj, prefix = '', out = new Map()) {
	for (const [k, v] of Object.entries(obj)) {
		if (k === '$schema') continue;
		const key = prefix ? `${prefix}.${k}` : k;
		if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
		else out.set(key, v);
	}
	return out;
}
/** {name} placeholders used anywhere in a message (markup {#b}/{/b} and \{ ignored) */
function placeholders(value) {
	const text = JSON.stringify(value);
	return [...text.matchAll(/(?<!\\)\{([A-Za-z_][\w]*)\}/g)]
		.map((x) => x[1])
		.sort()
		.join(',');
}

const seen = new Map(); // key -> module pattern (duplicates across modules silently override)
for (const pattern of patterns) {
	const catalogues = {};
	for (const locale of locales) {
		const file = pattern.replace('{locale}', locale);
		if (!existsSync(file)) {
			// Finnish exists only for what public pages show (scripts/i18n-public.mjs).
			if (fileRequired(moduleOf(pattern), locale)) problems.push(`${file}: missing file`);
			catalogues[locale] = new Map();
			continue;
		}
		catalogues[locale] = flatten(JSON.parse(readFileSync(file, 'utf8')));
	}
	const base = catalogues[baseLocale];
	// A count shown without plural forms reads "1 platser" in one of the languages.
	for (const locale of locales) {
		const file = pattern.replace('{locale}', locale);
		if (!existsSync(file)) continue;
		for (const problem of catalogueProblems(JSON.parse(readFileSync(file, 'utf8'))))
			problems.push(`${file}: ${problem}`);
	}
	for (const key of base.keys()) {
		if (seen.has(key)) problems.push(`${key}: defined in both ${seen.get(key)} and ${pattern}`);
		seen.set(key, pattern);
	}
	for (const locale of locales) {
		if (locale === baseLocale) continue;
		const cat = catalogues[locale];
		const file = pattern.replace('{locale}', locale);
		for (const key of requiredKeys(moduleOf(pattern), locale, base.keys())) {
			if (!cat.has(key)) problems.push(`${file}: missing "${key}" (would silently fall back to ${baseLocale})`);
		}
		for (const key of base.keys()) {
			if (!cat.has(key)) continue;
			else if (placeholders(cat.get(key)) !== placeholders(base.get(key)))
				problems.push(
					`${file}: "${key}" uses {${placeholders(cat.get(key))}} but ${baseLocale} uses {${placeholders(base.get(key))}}`
				);
		}
		for (const key of cat.keys()) {
			if (!base.has(key))
				problems.push(`${file}: extra "${key}" not in ${baseLocale} (would render as the key name in ${baseLocale})`);
		}
	}
}

// Compile exactly like the Vite plugin does. A wrong "modules" path in settings.json only
// produces a warning and an EMPTY message set, so also check the compiled output.
await compile(paraglideOptions);
const { m } = await import(pathToFileURL(join(paraglideOptions.outdir, 'messages.js')).href);
for (const key of seen.keys()) {
	if (typeof m[key] !== 'function') problems.push(`compiled output has no message "${key}" (plugin not loaded?)`);
}

// Message keys travel from the server as strings ('error_email_invalid') and are translated by t():
// every such key written in the source must exist, or a user would see the generic error instead.
import { readdirSync, statSync } from 'node:fs';
function* sourceFiles(dir) {
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		if (entry === 'paraglide' || entry === 'node_modules') continue;
		if (statSync(path).isDirectory()) yield* sourceFiles(path);
		else if (/\.(ts|svelte|js)$/.test(entry) && !/\.test\.ts$/.test(entry)) yield path;
	}
}
for (const file of sourceFiles('src')) {
	const text = readFileSync(file, 'utf8');
	for (const [, key] of text.matchAll(/['"`](error_[a-z0-9_]+)['"`]/g)) {
		if (!seen.has(key)) problems.push(`${file}: uses message key "${key}", which no catalogue defines`);
	}
}

if (problems.length) {
	console.error(`check:i18n: ${problems.length} problem(s)\n  ` + problems.join('\n  '));
	process.exit(1);
}
console.log(`check:i18n: ${seen.size} keys × ${locales.length} locales OK (${patterns.length} modules)`);
