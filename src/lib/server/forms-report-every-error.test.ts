// Every form schema of the platform and its modules reports every error in one submit: an error
// that would appear once some other field is fixed appears already (object refinements used to be
// skipped once any field failed), and a text of the wrong length says its limit. Schemas are found,
// not listed: each export of a *forms.ts file (and the few schemas kept beside their service) that
// is a zod object. See docs/decisions/017-words.md.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { t } from '#lib/i18n.ts';
import { retentionSettingsSchema } from './consultations/settings-service.ts';
import { mailAllSchema } from './events/staff/mail-all-service.ts';
import { acceptInvitationSchema } from './networks/forms.ts';
import { changePasswordForm, resetPasswordForm, withAccountPasswordRules } from './platform/auth/sign-in-forms.ts';
import { parseFormData } from './platform/http.ts';

const modules = import.meta.glob<Record<string, unknown>>('./**/*forms.ts', { eager: true });
const schemas: [string, z.ZodType][] = [
	...Object.entries(modules).flatMap(([file, exports]) =>
		Object.entries(exports)
			.filter(([, value]) => value instanceof z.ZodType)
			.map(([name, value]) => [`${file} ${name}`, value as z.ZodType] as [string, z.ZodType])
	),
	['consultations/settings-service.ts retentionSettingsSchema', retentionSettingsSchema],
	['events/staff/mail-all-service.ts mailAllSchema', mailAllSchema]
];

type Def = { type: string; [k: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** The fields of an object schema, through refinements and pipes; null for other schemas. */
function shapeOf(schema: unknown): Record<string, z.ZodType> | null {
	const def = defOf(schema);
	if (def.type === 'object') return def.shape as Record<string, z.ZodType>;
	if (def.type === 'pipe') return shapeOf(def.in);
	return null;
}

/** Values an enum or literal inside a field's schema takes (countries, roles, channels …). */
function choicesOf(schema: unknown, out: string[] = [], depth = 0): string[] {
	if (!schema || depth > 8) return out;
	const def = defOf(schema);
	if (def.type === 'enum') out.push(...Object.values(def.entries as Record<string, string>));
	if (def.type === 'literal') out.push(...(def.values as unknown[]).map(String));
	for (const inner of ['in', 'out', 'innerType', 'element'])
		if (def[inner] && typeof def[inner] === 'object') choicesOf(def[inner], out, depth + 1);
	for (const option of (def.options as unknown[] | undefined) ?? []) choicesOf(option, out, depth + 1);
	return out;
}

const isArray = (schema: unknown): boolean => {
	const def = defOf(schema);
	return (
		def.type === 'array' || (['default', 'optional', 'pipe'].includes(def.type) && isArray(def.innerType ?? def.in))
	);
};

const validCandidates = [
	'Anna Andersson',
	'anna@example.org',
	'norrbotten',
	'NBT',
	'Europe/Stockholm',
	'2026-05-04',
	'2026-05-04T10:00',
	'+46 920 45 30 00',
	'https://example.org',
	'12',
	'1',
	'on',
	'Frågan gäller en familj med tre barn och behöver ett svar i veckan.',
	'11111111-1111-4111-8111-111111111111',
	''
];
const invalidCandidates = ['', 'x', '-1', 'x'.repeat(60_000), '2026-13-45', '!!'];

function errorFields(schema: z.ZodType, object: Record<string, unknown>): Set<string> {
	const parsed = schema.safeParse(object);
	return new Set(parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0] ?? '_form')));
}

const objects = schemas.flatMap(([name, schema]) => {
	const shape = shapeOf(schema);
	return shape ? [{ name, schema, shape }] : [];
});

describe('every form schema', () => {
	it('is found', () => {
		expect(objects.length).toBeGreaterThan(40);
		expect(objects.map((o) => o.name).join('\n')).toContain('setupSchema');
		expect(objects.map((o) => o.name).join('\n')).toContain('resetPasswordForm');
	});

	it.each(objects.map((o) => [o.name, o] as const))('%s reports every error in one submit', (_, { schema, shape }) => {
		const valid: Record<string, unknown> = {};
		const invalid: Record<string, unknown> = {};
		for (const [field, fieldSchema] of Object.entries(shape)) {
			const candidates = isArray(fieldSchema)
				? [[], ['x'], ['']]
				: [...choicesOf(fieldSchema), ...validCandidates, ...invalidCandidates];
			const ok = (v: unknown) => fieldSchema.safeParse(v).success;
			const good = candidates.find(ok);
			const bad = (isArray(fieldSchema) ? [['x'.repeat(60_000)], 'x'] : invalidCandidates).find((v) => !ok(v));
			valid[field] = good ?? bad ?? '';
			if (bad !== undefined) invalid[field] = bad;
		}
		const all = { ...valid, ...invalid };
		const expected = new Set(errorFields(schema, valid));
		for (const field of Object.keys(invalid))
			for (const f of errorFields(schema, { ...valid, [field]: invalid[field] })) expected.add(f);
		const reported = errorFields(schema, all);
		expect([...expected].filter((f) => !reported.has(f))).toEqual([]);
	});

	it('says the limit of every text that is too long, in every language', () => {
		const tooLong = 'x'.repeat(60_000);
		const checked: string[] = [];
		for (const { name, schema, shape } of objects) {
			for (const [field, fieldSchema] of Object.entries(shape)) {
				const parsed = fieldSchema.safeParse(tooLong);
				const issue = parsed.success ? undefined : parsed.error.issues.find((i) => i.code === 'too_big');
				if (!issue || issue.code !== 'too_big') continue;
				const form = new FormData();
				form.set(field, tooLong);
				const result = parseFormData(form, schema);
				const key = result.ok ? '' : (result.failure.errors[field] ?? '');
				// a key that says more than the length (an e-mail address, a code) may stay as it is
				if (!key.startsWith('error_too_long')) continue;
				checked.push(`${name}.${field}`);
				for (const locale of ['sv', 'nb', 'en'] as const) {
					const limit = new Intl.NumberFormat(locale).format(Number(issue.maximum));
					expect(t(key, {}), `${name}.${field}`).toBeTruthy();
					expect(
						withLocale(locale, () => t(key)),
						`${name}.${field} in ${locale}`
					).toContain(limit);
				}
			}
		}
		expect(checked.length).toBeGreaterThan(30);
	});
});

describe('a new password', () => {
	const account = { email: 'anna.berg@example.se', networkNames: ['Kompetensteamet Norrbotten'] };
	it.each([
		['reset', withAccountPasswordRules(resetPasswordForm, 'password', account), 'password', 'passwordRepeat'],
		[
			'change',
			withAccountPasswordRules(changePasswordForm, 'newPassword', account),
			'newPassword',
			'newPasswordRepeat'
		],
		['invitation', withAccountPasswordRules(acceptInvitationSchema, 'password', account), 'password', 'passwordConfirm']
	] as const)('on %s: the rules that need the account come with every other error', (_, schema, field, repeat) => {
		const form = new FormData();
		form.set(field, 'anna.berg@example.se och mer');
		form.set(repeat, 'något annat');
		form.set('name', 'A');
		const result = parseFormData(form, schema);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.failure.errors[field]).toBe('error_password_contains_email');
		expect(result.failure.errors[repeat]).toBe('error_password_mismatch');
	});

	it('that is common or short is refused by the form itself, before any account is known', () => {
		const form = new FormData();
		form.set('password', 'kort');
		form.set('passwordRepeat', 'kort');
		const result = parseFormData(form, resetPasswordForm);
		expect(!result.ok && result.failure.errors.password).toBe('error_password_too_short');
	});
});

import { overwriteGetLocale, getLocale } from '#lib/paraglide/runtime.js';
function withLocale<T>(locale: 'sv' | 'nb' | 'en', run: () => T): T {
	const before = getLocale;
	overwriteGetLocale(() => locale);
	try {
		return run();
	} finally {
		overwriteGetLocale(before);
	}
}
