// Every action the code can write to the audit log, every type of thing an entry points at, and
// every kind of mail the outbox holds has a name in every language: the audit log and the outgoing
// mail page never show a code like `events.registered` or `event-registered` in place of words.
// Actions and kinds are collected from the source, not listed by hand; only the values behind a
// template literal (`events.${decision.status}`) are listed here, and a new template fails the test
// until its values are. See docs/decisions/017-words.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { roles } from '#lib/roles.ts';
import { kindLabel } from '../../routes/app/dev/mail/labels.ts';
import { auditActionLabel, auditEntityLabel } from './networks/audit-log.ts';
import { permissions } from './platform/permissions.ts';

function* sources(dir: string): Generator<string> {
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		if (entry === 'paraglide' || entry === 'migrations') continue;
		if (statSync(path).isDirectory()) yield* sources(path);
		else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts')) yield path;
	}
}
const files = [...sources('src/lib/server')].map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** The text of a call's arguments, from the opening parenthesis to its match. */
function argumentsAt(text: string, open: number): string {
	let depth = 0;
	for (let i = open; i < text.length; i++) {
		if (text[i] === '(') depth++;
		else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
	}
	return text.slice(open + 1);
}

const CALLS = /\b(?:audit\.record|recordAudit|audit|countFailure|codeUsed)\(/g;
const LITERAL = /(['`])([a-z_]+(?:\.[a-z_${}. ?'|]+)?)\1/g;

/** Action codes (and templates of codes) written by audit calls, or kept in a `const action`. */
function writtenActions(): Map<string, string> {
	const found = new Map<string, string>();
	for (const { path, text } of files) {
		const spans: string[] = [];
		for (const call of text.matchAll(CALLS)) spans.push(argumentsAt(text, call.index + call[0].length - 1));
		for (const decl of text.matchAll(/const action =([^;]+);/g)) spans.push(decl[1]);
		for (const span of spans) {
			// only the first argument (or the whole declaration) names the action; an object literal
			// with `action:` (recordAudit) names it there
			const named = /action:\s*((['`])[^'`]+\2)/.exec(span);
			const args = span.split(/,\s*(?=[{a-z'`(]|null)/);
			const first = named ? named[1] : (args.find((arg) => /['`]/.test(arg) && !arg.trim().startsWith('{')) ?? '');
			for (const literal of first.matchAll(LITERAL)) {
				const code = literal[2];
				if (/^[a-z_]+(\.[a-z_${}.' ?|]+)?$/.test(code) && code.includes('.')) found.set(code, path);
				else if (['read', 'export', 'signout'].includes(code)) found.set(code, path);
			}
		}
	}
	return found;
}

/** What the templates among them can become. */
const templateValues: Record<string, string[]> = {
	'consultations.status_${to}': ['new', 'in_progress', 'answered', 'closed'],
	'events.${decision.status}': ['registered', 'waiting'],
	'events.attendance_${attendance}': ['registered', 'attended', 'no_show'],
	'member.role_changed.${role}': [...roles],
	'permission.${permission}': Object.keys(permissions),
	'permission.consultations.${ability}': ['handle', 'submit', 'statistics', 'settings'],
	"route.${event.route.id ?? 'unknown'}": ['/app/[network]/consultations']
};

function expand(code: string): string[] {
	if (!code.includes('${')) return [code];
	const values = templateValues[code];
	if (!values) throw new Error(`audit action template ${code} has no values listed in this test`);
	return values.map((value) => code.replace(/\$\{[^}]+\}/, value));
}

const LOCALES = ['sv', 'nb', 'en'] as const;

describe('the audit log', () => {
	const written = writtenActions();
	const actions = [...written.keys()].flatMap(expand);

	it('finds the actions the code writes', () => {
		expect(actions.length).toBeGreaterThan(80);
		for (const code of ['events.registered', 'directory.contact_created', 'consultations.created', 'signin.success'])
			expect(actions).toContain(code);
	});

	it('names every action in every language', () => {
		const unnamed = actions.flatMap((code) =>
			LOCALES.filter((locale) => auditActionLabel(code, locale) === code).map(
				(locale) => `${code} (${locale}, ${written.get(code) ?? 'template'})`
			)
		);
		expect(unnamed).toEqual([]);
		// a refused permission is named in words too, not "Access refused (events.manage)"
		const codes = actions
			.filter((code) => code.startsWith('permission.'))
			.flatMap((code) =>
				LOCALES.filter((locale) => auditActionLabel(code, locale).includes(code.slice('permission.'.length))).map(
					(locale) => `${code} (${locale})`
				)
			);
		expect(codes).toEqual([]);
	});

	it('names every type of thing an entry points at', () => {
		const types = new Set<string>();
		for (const { text } of files) {
			for (const call of text.matchAll(CALLS)) {
				const span = argumentsAt(text, call.index + call[0].length - 1);
				for (const t of span.matchAll(/(?:type|entityType):\s*'([a-z_]+)'/g)) types.add(t[1]);
				for (const t of span.matchAll(/exported\('([a-z_]+)'/g)) types.add(t[1]);
			}
			for (const t of text.matchAll(/audit\.(?:read|exported)\(\s*(?:\{\s*type:\s*)?'([a-z_]+)'/g)) types.add(t[1]);
		}
		expect(types.size).toBeGreaterThan(15);
		const other = LOCALES.flatMap((locale) =>
			[...types]
				.filter((type) => auditEntityLabel(type, locale) === m.audit_entity_other({ type }, { locale }))
				.map((type) => `${type} (${locale})`)
		);
		expect(other).toEqual([]);
	});
});

describe('the outgoing mail page', () => {
	it('names every kind of mail', () => {
		const kinds = new Set<string>();
		// Each module declares its mails' kinds in an interface named `…MailParams` (e.g. events/mail.ts).
		for (const { text } of files)
			for (const params of text.matchAll(/export interface \w*MailParams \{([\s\S]*?)\n\}/g))
				for (const k of params[1].matchAll(/^\t'?([a-z-]+)'?\??:/gm)) kinds.add(k[1]);
		for (const { text } of files)
			for (const k of text.matchAll(/\bkind: '([a-z]+(?:-[a-z]+)+|invitation)'/g)) kinds.add(k[1]);
		expect(kinds.size).toBeGreaterThan(12);
		expect([...kinds]).toEqual(expect.arrayContaining(['event-registered', 'consultation-follow-up', 'event-message']));
		const unnamed = [...kinds].filter((kind) => kindLabel(kind) === kind);
		expect(unnamed).toEqual([]);
	});
});
