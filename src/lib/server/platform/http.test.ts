import { isHttpError } from '@sveltejs/kit';
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import { signInForm } from './auth/sign-in-forms.ts';
import { formValues, messageKeyOf, parseFormData, refuseUnreadableForm } from './http.ts';

const schema = z.object({
	email: z.email('error_email_invalid'),
	name: z.string().min(2, 'error_name_required'),
	topics: z.array(z.string()).min(1, 'error_invalid')
});

function form(entries: [string, string][]): FormData {
	const data = new FormData();
	for (const [k, v] of entries) data.append(k, v);
	return data;
}

describe('form parsing', () => {
	it('returns typed data when the input is valid, with repeated fields as arrays', () => {
		const parsed = parseFormData(
			form([
				['email', 'a@b.se'],
				['name', 'Anna'],
				['topics', 'x'],
				['topics', 'y']
			]),
			schema,
			{
				arrayFields: ['topics']
			}
		);
		expect(parsed).toMatchObject({ ok: true, data: { email: 'a@b.se', name: 'Anna', topics: ['x', 'y'] } });
	});

	it('names the message key of each bad field and keeps what was typed', () => {
		const parsed = parseFormData(
			form([
				['email', 'not-an-address'],
				['name', 'A']
			]),
			schema,
			{ arrayFields: ['topics'] }
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		// "A" is a name typed too short: the message says how long it must be, not "enter a name"
		expect(parsed.failure.errors).toEqual({
			email: 'error_email_invalid',
			name: 'error_too_short_min|min=2',
			topics: 'error_invalid'
		});
		expect(parsed.failure.values).toEqual({ email: 'not-an-address', name: 'A' });
	});

	it('never sends passwords, codes or tokens back to the browser', () => {
		expect(
			formValues(
				form([
					['email', 'a@b.se'],
					['password', 'hemligt lösen'],
					['newPassword', 'x'],
					['code', '123456'],
					['token', 't']
				])
			)
		).toEqual({
			email: 'a@b.se'
		});
	});
});

describe('a form body that cannot be read', () => {
	const post = (body: BodyInit | ReadableStream, type: string) =>
		new Request('http://samverkan.test/ask', {
			method: 'POST',
			body,
			headers: { 'content-type': type },
			duplex: 'half'
		} as RequestInit);
	const statusOf = async (request: Request) => {
		refuseUnreadableForm(request);
		try {
			await request.formData();
			return 'read';
		} catch (thrown) {
			expect(isHttpError(thrown)).toBe(true);
			return (thrown as { status: number; body: { message: string } }).status;
		}
	};

	it.each([
		[
			'a multipart body cut off in the middle',
			'--b\r\nContent-Disposition: form-data; name="q"\r\n\r\nhal',
			'multipart/form-data; boundary=b'
		],
		['multipart without a boundary', 'q=1', 'multipart/form-data'],
		['plain text', 'q=1', 'text/plain'],
		['JSON', '{"q":1}', 'application/json']
	])('is refused with 400, not a 500: %s', async (_, body, type) => {
		expect(await statusOf(post(body, type))).toBe(400);
	});

	it('is refused with 413 when the body is longer than the limit', async () => {
		const tooLong = Object.assign(new Error('Content-length exceeds limit'), { status: 413 });
		const body = new ReadableStream({ start: (controller) => controller.error(tooLong) });
		expect(await statusOf(post(body, 'application/x-www-form-urlencoded'))).toBe(413);
	});

	it('still reads a good form, also one with broken percent-encoding as browsers may send', async () => {
		const request = post('q=%zz&name=%C3%A5', 'application/x-www-form-urlencoded');
		refuseUnreadableForm(request);
		expect(Object.fromEntries(await request.formData())).toEqual({ q: '%zz', name: 'å' });
	});
});

describe('the message a field error names', () => {
	const keys = Object.entries(m)
		.filter(([, message]) => typeof message === 'function')
		.map(([key]) => key);

	it('keeps every key of the catalogues, whatever its prefix, so the form says what is wrong', () => {
		expect(keys.length).toBeGreaterThan(100);
		fc.assert(
			fc.property(fc.constantFrom(...keys), (key) => {
				const parsed = parseFormData(form([['field', '']]), z.object({ field: z.string().min(1, key) }));
				return !parsed.ok && parsed.failure.errors.field === key;
			})
		);
	});

	it("turns zod's own English sentences (a field missing, a wrong type) into error_invalid", () => {
		const parsed = parseFormData(form([]), z.object({ field: z.string(), count: z.coerce.number().int() }));
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.failure.errors).toEqual({ field: 'error_invalid', count: 'error_invalid' });
		expect(messageKeyOf('Invalid input: expected string, received undefined')).toBe('error_invalid');
	});

	it('asks for the password on sign-in, keeping the address, instead of "check the value"', () => {
		const parsed = parseFormData(
			form([
				['email', ' Samordnare@Example.SE '],
				['password', '']
			]),
			signInForm
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.failure.errors).toEqual({ password: 'auth_error_password_required' });
		expect(parsed.failure.values).toEqual({ email: ' Samordnare@Example.SE ' });
		const empty = parseFormData(form([['email', '   ']]), signInForm);
		expect(!empty.ok && empty.failure.errors).toEqual({
			email: 'auth_error_email_required',
			password: 'auth_error_password_required'
		});
	});

	it('signs in with an address typed with spaces around it or in capitals, as a password manager may fill it', () => {
		const parsed = parseFormData(
			form([
				['email', '\u00a0Samordnare@Example.SE\t'],
				['password', 'lösen']
			]),
			signInForm
		);
		expect(parsed).toMatchObject({ ok: true, data: { email: 'samordnare@example.se', password: 'lösen' } });
	});
});
