import { describe, expect, it } from 'vitest';
import { formatPhone, normalisePhone } from './phone.ts';

describe('normalisePhone', () => {
	it('reads Swedish numbers with the network country as default and stores E.164', () => {
		expect(normalisePhone('0920-45 30 00', 'SE')).toEqual({ ok: true, value: '+46920453000' });
		expect(normalisePhone('070 123 45 67', 'SE')).toEqual({ ok: true, value: '+46701234567' });
	});
	it('reads Norwegian numbers and international numbers', () => {
		expect(normalisePhone('22 00 00 00', 'NO')).toEqual({ ok: true, value: '+4722000000' });
		expect(normalisePhone('(08) 123 456 78', 'SE')).toEqual({ ok: true, value: '+46812345678' });
		expect(normalisePhone('+46 8 123 456 78', 'NO')).toEqual({ ok: true, value: '+46812345678' });
	});
	it('leaves an empty number empty', () => {
		expect(normalisePhone('  ', 'SE')).toEqual({ ok: true, value: null });
	});
	it('refuses numbers that are not numbers', () => {
		expect(normalisePhone('123', 'SE')).toEqual({ ok: false, error: 'error_contacts_phone_invalid', field: 'phone' });
		expect(normalisePhone('ring växeln', 'SE').ok).toBe(false);
		expect(normalisePhone('0920 45 30 00 ext', 'SE').ok).toBe(false);
	});
});

describe('formatPhone', () => {
	it('shows numbers of the network country nationally and others internationally', () => {
		expect(formatPhone('+46920453000', 'SE')).toBe('0920-45 30 00');
		expect(formatPhone('+46920453000', 'NO')).toBe('+46 920 45 30 00');
		expect(formatPhone('+4722000000', 'NO')).toBe('22 00 00 00');
		expect(formatPhone(null, 'SE')).toBe('');
	});
});
