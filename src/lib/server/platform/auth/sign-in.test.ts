import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { manualEntryKey, normaliseCode, openEnrolment, qrCodeDataUri, safeNext, sealEnrolment } from './sign-in.ts';

describe('safeNext', () => {
	it('keeps paths on this site', () => {
		expect(safeNext('/app')).toBe('/app');
		expect(safeNext('/nb/app/norrbotten/members?role=admin#x')).toBe('/nb/app/norrbotten/members?role=admin#x');
	});

	it.each([
		null,
		'',
		'app',
		'https://evil.example/app',
		'//evil.example/app',
		'/\\evil.example',
		'/\\/evil.example',
		'javascript:alert(1)',
		'/app\u0000',
		'/\tapp',
		' /app'
	])('refuses %j', (value) => {
		expect(safeNext(value)).toBeNull();
	});

	it('normalises dot segments instead of leaving the site', () => {
		expect(safeNext('/../../app')).toBe('/app');
	});

	it.each([
		'/.//evil.example',
		'/..//evil.example',
		'/%2e//evil.example',
		'/%2E%2E//evil.example/app',
		'/ /evil.example',
		'/a/..//evil.example',
		'/.%2e//evil.example',
		'/%2f/evil.example',
		'/%2F%2Fevil.example',
		'/%5c/evil.example',
		'/\u3000/evil.example',
		'/\u200b/evil.example'
	])('refuses %j, which normalises to another site', (value) => {
		expect(safeNext(value)).toBeNull();
	});

	// What a browser makes of the Location header: resolved against the page it is on.
	const site = 'https://samverkan.example';
	const hostile = fc.constantFrom(
		'/',
		'//',
		'\\',
		'.',
		'..',
		'%2e',
		'%2E',
		'%2e%2e',
		'%2f',
		'%2F',
		'%5c',
		'%5C',
		'%09',
		'%0a',
		'\t',
		'\n',
		'\r',
		' ',
		'\u00a0',
		'\u3000',
		'@',
		':',
		'?',
		'#',
		'evil.example',
		'http:',
		'https://evil.example',
		'javascript:',
		'／',
		'＼',
		'。'
	);
	const hostileNext = fc
		.tuple(fc.array(hostile, { maxLength: 8 }), fc.string({ maxLength: 6 }), fc.array(hostile, { maxLength: 4 }))
		.map(([start, middle, end]) => `/${start.join('')}${middle}${end.join('')}`);

	it('answers any hostile value with a path on this site, or with nothing (the default destination)', () => {
		fc.assert(
			fc.property(fc.oneof(hostileNext, fc.string(), fc.webUrl()), (value) => {
				const next = safeNext(value);
				if (next === null) return;
				expect(next.startsWith('/')).toBe(true);
				expect(next.startsWith('//')).toBe(false);
				expect(next.startsWith('/\\')).toBe(false);
				const resolved = new URL(next, `${site}/login`);
				expect(resolved.origin).toBe(site);
				expect(resolved.pathname.startsWith('//')).toBe(false);
				expect(resolved.pathname).not.toMatch(/%(?:2f|5c)/i);
			}),
			{ numRuns: 5000 }
		);
	});
});

describe('enrolment cookie', () => {
	const secret = 'a'.repeat(43);
	const now = new Date('2026-11-23T10:00:00Z');
	const enrolment = {
		userId: 'u1',
		totpURI: 'otpauth://totp/Samverkan:anna%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Samverkan',
		backupCodes: ['abcde-12345', 'fghij-67890'],
		expiresAt: now.getTime() + 600_000
	};

	it('opens what it sealed, for the same user within ten minutes', () => {
		const sealed = sealEnrolment(secret, enrolment);
		expect(sealed).not.toContain('GEZDGNBV');
		expect(openEnrolment(secret, sealed, 'u1', now)).toEqual(enrolment);
	});

	it('refuses another user, an expired cookie, another secret and tampering', () => {
		const sealed = sealEnrolment(secret, enrolment);
		expect(openEnrolment(secret, sealed, 'u2', now)).toBeNull();
		expect(openEnrolment(secret, sealed, 'u1', new Date(enrolment.expiresAt))).toBeNull();
		expect(openEnrolment('b'.repeat(43), sealed, 'u1', now)).toBeNull();
		const bytes = Buffer.from(sealed, 'base64url');
		bytes[bytes.length - 1] ^= 1;
		expect(openEnrolment(secret, bytes.toString('base64url'), 'u1', now)).toBeNull();
		expect(openEnrolment(secret, 'nonsense', 'u1', now)).toBeNull();
		expect(openEnrolment(secret, undefined, 'u1', now)).toBeNull();
	});
});

describe('two-factor presentation', () => {
	it('groups the secret in fours for typing by hand', () => {
		expect(manualEntryKey('otpauth://totp/S:a?secret=GEZDGNBVGY3TQOJQGE&issuer=S')).toBe('GEZD GNBV GY3T QOJQ GE');
	});

	it('renders the QR code as an SVG data URI', async () => {
		const uri = await qrCodeDataUri('otpauth://totp/S:a?secret=GEZDGNBV&issuer=S');
		expect(uri.startsWith('data:image/svg+xml;base64,')).toBe(true);
		expect(Buffer.from(uri.split(',')[1], 'base64').toString('utf8')).toContain('<svg');
	});

	it('accepts codes typed with spaces, and backup codes as pasted', () => {
		expect(normaliseCode(' 123 456 ', 'totp')).toBe('123456');
		expect(normaliseCode(' abcde-12345\n', 'backup')).toBe('abcde-12345');
	});
});
