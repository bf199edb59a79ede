import { describe, expect, it } from 'vitest';
import { preferredLocale } from './locale.ts';

const request = (acceptLanguage?: string) => ({
	headers: new Headers(acceptLanguage ? { 'accept-language': acceptLanguage } : {})
});
const appLocale = (locale: string | null | undefined): locale is 'sv' | 'nb' | 'en' =>
	['sv', 'nb', 'en'].includes(locale ?? '');

describe('preferredLocale', () => {
	it('takes the remembered language first', () => {
		expect(preferredLocale('en', request('nb'))).toBe('en');
	});
	it('then the browser’s, then Swedish', () => {
		expect(preferredLocale(undefined, request('nb-NO,nb;q=0.9'))).toBe('nb');
		expect(preferredLocale('xx', request('fi'))).toBe('fi');
		expect(preferredLocale(undefined, request())).toBe('sv');
	});
	it('only among the languages the page offers', () => {
		expect(preferredLocale('fi', request('en'), appLocale)).toBe('en');
		expect(preferredLocale(undefined, request('fi'), appLocale)).toBe('sv');
	});
});
