import { afterEach, describe, expect, it } from 'vitest';
import { handleScan, MAX_SCAN_CHARS, scanRequest } from './http.ts';
import { detectorOverrides } from './scan.ts';

const post = (body: string) =>
	scanRequest(
		new Request('http://localhost/api/v1/pii/scan', {
			method: 'POST',
			body,
			headers: { 'content-type': 'application/json' }
		})
	);

describe('POST /api/v1/pii/scan (handler)', () => {
	afterEach(() => detectorOverrides.clear());

	it('answers 401 JSON, not a redirect, without a signed-in user', async () => {
		const request = new Request('http://localhost/api/v1/pii/scan', { method: 'POST', body: '{"text":"hej"}' });
		const response = await handleScan(null, request);
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({ error: 'unauthorized' });
		const signedIn = await handleScan(
			{ userId: 'u1' },
			new Request(request.url, { method: 'POST', body: '{"text":"hej"}' })
		);
		expect(signedIn.status).toBe(200);
	});

	it('answers the findings with offsets', async () => {
		const response = await post(JSON.stringify({ text: 'Ring Amira på 070-123 45 67.' }));
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({
			findings: [
				{ type: 'name', start: 5, end: 10, text: 'Amira' },
				{ type: 'phone', start: 14, end: 27, text: '070-123 45 67' }
			]
		});
	});

	it('answers 413 above the size limit and accepts exactly the limit', async () => {
		expect((await post(JSON.stringify({ text: 'a'.repeat(MAX_SCAN_CHARS + 1) }))).status).toBe(413);
		expect((await post(JSON.stringify({ text: 'a'.repeat(MAX_SCAN_CHARS) }))).status).toBe(200);
	});

	it('answers 400 for a body that is not { text }', async () => {
		expect((await post('not json')).status).toBe(400);
		expect((await post(JSON.stringify({ words: 'x' }))).status).toBe(400);
		expect((await post(JSON.stringify({ text: 5 }))).status).toBe(400);
	});

	it('answers 503, not an empty list, when a detector fails', async () => {
		detectorOverrides.set('email', () => {
			throw new Error('boom');
		});
		const response = await post(JSON.stringify({ text: 'hej' }));
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({ error: 'pii_scan_failed' });
	});
});
