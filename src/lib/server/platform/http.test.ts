import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { formValues, parseFormData } from './http.ts';

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
		expect(parsed.failure.errors).toEqual({
			email: 'error_email_invalid',
			name: 'error_name_required',
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
