import { describe, expect, it } from 'vitest';
import { isCrossSiteFormPost } from './csrf.ts';

const origin = 'https://samverkan.example.org';
const post = (headers: Record<string, string>) =>
	new Request(`${origin}/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }
	});

describe('cross-site form protection', () => {
	it('accepts a post from our own origin', () => {
		expect(isCrossSiteFormPost(post({ origin }), origin)).toBe(false);
	});

	it('accepts our own pages under no-referrer, which post with Origin: null but Sec-Fetch-Site: same-origin', () => {
		expect(isCrossSiteFormPost(post({ origin: 'null', 'sec-fetch-site': 'same-origin' }), origin)).toBe(false);
	});

	it('refuses a post from another site', () => {
		expect(isCrossSiteFormPost(post({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), origin)).toBe(
			true
		);
		expect(isCrossSiteFormPost(post({ origin: 'null', 'sec-fetch-site': 'cross-site' }), origin)).toBe(true);
	});

	it('refuses a post that nothing vouches for', () => {
		expect(isCrossSiteFormPost(post({}), origin)).toBe(true);
		expect(isCrossSiteFormPost(post({ origin: 'null' }), origin)).toBe(true);
	});

	it('leaves reads and JSON requests alone (cross-site JSON needs CORS, which we never grant)', () => {
		expect(isCrossSiteFormPost(new Request(`${origin}/`), origin)).toBe(false);
		expect(
			isCrossSiteFormPost(
				new Request(`${origin}/api/x`, { method: 'POST', headers: { 'content-type': 'application/json' } }),
				origin
			)
		).toBe(false);
	});
});
