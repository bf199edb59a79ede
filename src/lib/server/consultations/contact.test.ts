import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonymousFormSchema, isContactAddress } from './forms.ts';

/**
 * The anonymous form's "contact me" field takes a way back and nothing else: an e-mail address or a
 * Swedish or Norwegian phone number (or one with a country code), as people write them.
 */
const digits = (n: number) =>
	fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const separator = fc.constantFrom('', ' ', '-');

/** Swedish mobile numbers, 07x-xxx xx xx, with or without +46 and the separators people use. */
const swedishMobile = fc
	.tuple(fc.constantFrom('70', '72', '73', '76', '79'), digits(7), separator, fc.boolean())
	.map(([prefix, rest, sep, international]) => {
		const national = `${prefix}${sep}${rest.slice(0, 3)}${sep === '-' ? ' ' : sep}${rest.slice(3, 5)}${sep === '-' ? ' ' : sep}${rest.slice(5)}`;
		return international ? `+46 ${national}` : `0${national}`;
	});
/** Norwegian mobile numbers, 4xx xx xxx or 9xx xx xxx (assigned ranges), with or without +47. */
const norwegianMobile = fc
	.tuple(
		fc.constantFrom('40', '41', '90', '91', '92', '93', '94', '95', '97', '98', '99'),
		digits(6),
		fc.constantFrom('', ' '),
		fc.boolean()
	)
	.map(([first, rest, sep, international]) => {
		const national = `${first}${rest.slice(0, 1)}${sep}${rest.slice(1, 3)}${sep}${rest.slice(3)}`;
		return international ? `+47 ${national}` : national;
	});
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
const email = fc
	.tuple(word, fc.option(word, { nil: undefined }), word, fc.constantFrom('se', 'no', 'org', 'com'))
	.map(([name, more, domain, tld]) => `${name}${more ? `.${more}` : ''}@${domain}.${tld}`);

describe('the contact field of the anonymous form', () => {
	it('accepts e-mail addresses and Swedish and Norwegian phone numbers as people write them', () => {
		fc.assert(
			fc.property(fc.oneof(email, swedishMobile, norwegianMobile), (contact) => {
				expect(isContactAddress(contact), contact).toBe(true);
			})
		);
		for (const written of [
			'0920-45 30 00',
			'+47 22 00 00 00',
			'22 00 00 00',
			'08-123 456 78',
			'Anna.Berg@skola.lulea.se'
		])
			expect(isContactAddress(written), written).toBe(true);
	});

	it('refuses anything else: words, smileys, too few digits, a half address', () => {
		const notAWayBack = fc.oneof(
			fc.constantFrom(
				'teacher at the school 🙂',
				'läraren på skolan',
				'ring mig',
				'070 123',
				'12345',
				'anna@',
				'@skolan.se',
				'anna at skolan.se',
				'0701234567 🙂',
				'070-123 45 67 eller mejl',
				'+46'
			),
			// Words with letters are no phone number, and without "@" no e-mail address.
			fc.stringMatching(/^[a-zåäö ]{1,30}$/).filter((text) => /[a-zåäö]/.test(text)),
			// Too few digits for any number (Norway has five-digit service numbers, "02000").
			fc.integer({ min: 1, max: 4 }).chain((n) => digits(n))
		);
		fc.assert(
			fc.property(notAWayBack, (contact) => {
				expect(isContactAddress(contact), contact).toBe(false);
			})
		);
	});

	it('says so in the form: the field keeps what was typed and names the problem; empty is fine', () => {
		const base = {
			municipalityId: '',
			organisationTypeId: '',
			askerFunction: '',
			topicIds: ['t'],
			caseType: '',
			ageGroup: '',
			gender: '',
			vulnerabilities: [],
			perpetrator: '',
			urgency: 'normal',
			question: 'En förälder undrar vart man vänder sig.',
			deidentified: 'on'
		};
		const refused = anonymousFormSchema.safeParse({ ...base, contact: 'teacher at the school 🙂' });
		expect(refused.success).toBe(false);
		expect(refused.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
			['contact', 'error_ask_contact_invalid']
		]);
		expect(anonymousFormSchema.parse({ ...base, contact: '' }).contact).toBeNull();
		expect(anonymousFormSchema.parse({ ...base, contact: ' 070-123 45 67 ' }).contact).toBe('070-123 45 67');
	});
});
