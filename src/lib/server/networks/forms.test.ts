import { describe, expect, it } from 'vitest';
import { parseFormData } from '../platform/http.ts';
import { auditFilterSchema, createNetworkSchema, deactivateSchema, setupSchema } from './forms.ts';

function form(values: Record<string, string>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(values)) data.set(key, value);
	return data;
}

const validSetup = {
	adminName: 'Ingrid Lindqvist',
	adminEmail: 'Ingrid@Example.se ',
	password: 'fjällbjörk och sjörök',
	passwordConfirm: 'fjällbjörk och sjörök',
	networkName: 'Kompetensteamet Norrbotten',
	slug: 'Norrbotten',
	country: 'SE',
	contactEmail: 'kontakt@example.se',
	contactPhone: '',
	referencePrefix: 'nbt'
};

describe('networks forms', () => {
	it('normalises a valid setup form', () => {
		const parsed = parseFormData(form(validSetup), setupSchema);
		expect(parsed.ok).toBe(true);
		if (parsed.ok) {
			expect(parsed.data).toMatchObject({
				adminEmail: 'ingrid@example.se',
				slug: 'norrbotten',
				referencePrefix: 'NBT',
				contactPhone: null
			});
			// Passwords are never sent back to the browser.
			expect(parsed.values).not.toHaveProperty('password');
		}
	});

	it('reports every bad field at once, the password policy included', () => {
		const parsed = parseFormData(
			form({
				...validSetup,
				adminEmail: 'nope',
				password: 'kort',
				passwordConfirm: 'kort',
				slug: 'app',
				country: 'DK'
			}),
			setupSchema
		);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) {
			expect(parsed.failure.errors).toEqual({
				adminEmail: 'error_email_invalid',
				password: 'error_password_too_short',
				slug: 'error_slug_reserved',
				country: 'error_country_invalid'
			});
		}
	});

	it('refuses a common password and a confirmation that differs', () => {
		const common = parseFormData(
			form({ ...validSetup, password: 'password1234', passwordConfirm: 'password1234' }),
			setupSchema
		);
		expect(!common.ok && common.failure.errors.password).toBe('error_password_common');
		const mismatch = parseFormData(
			form({ ...validSetup, passwordConfirm: 'något annat helt och hållet' }),
			setupSchema
		);
		expect(!mismatch.ok && mismatch.failure.errors).toEqual({ passwordConfirm: 'error_password_mismatch' });
	});

	it('needs the first admin’s address when a network is created', () => {
		const parsed = parseFormData(form({ ...validSetup, adminEmail: '' }), createNetworkSchema);
		expect(!parsed.ok && parsed.failure.errors.adminEmail).toBe('error_email_invalid');
	});

	it('needs the confirmation box for a deactivation', () => {
		const parsed = parseFormData(form({ membershipId: 'm1' }), deactivateSchema);
		expect(!parsed.ok && parsed.failure.errors).toEqual({ confirm: 'error_confirm_required' });
	});

	it('reads the audit filter leniently', () => {
		const empty = auditFilterSchema.parse({ action: '', actor: '', outcome: '', from: '', to: '', page: '' });
		expect(empty).toEqual({
			action: undefined,
			actor: undefined,
			outcome: undefined,
			from: undefined,
			to: undefined,
			page: 1
		});
		expect(
			auditFilterSchema.parse({
				action: ' member. ',
				actor: '',
				outcome: 'denied',
				from: '2026-01-01',
				to: '2026-01-31',
				page: '3'
			})
		).toMatchObject({
			action: 'member.',
			outcome: 'denied',
			page: 3
		});
		expect(
			auditFilterSchema.safeParse({
				action: '',
				actor: '',
				outcome: '',
				from: '2026-02-01',
				to: '2026-01-01',
				page: '1'
			}).error?.issues[0]
		).toMatchObject({
			path: ['to'],
			message: 'error_date_range'
		});
		expect(
			auditFilterSchema
				.safeParse({ action: '', actor: '', outcome: 'maybe', from: '1/2/2026', to: '', page: 'x' })
				.error?.issues.map((i) => i.message)
		).toEqual(['error_invalid', 'error_date_invalid']);
	});
});
