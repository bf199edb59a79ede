// POST /api/v1/pii/scan: the guard as a JSON API for signed-in people (the route checks the
// session). Body `{ "text": "…" }`, at most MAX_SCAN_CHARS characters; answer `{ findings }`.
// A failing detector answers 503, never an empty list (fail closed). The text is never logged.
import { PiiScanError, scan, type ScanOptions } from './scan.ts';

export const MAX_SCAN_CHARS = 20_000;
// A character of the text takes at most 6 bytes in the JSON body ("\u00e5"); this only stops
// absurd bodies before parsing, the exact limit is checked on the parsed text.
const MAX_BODY_BYTES = MAX_SCAN_CHARS * 6 + 1_024;

const answer = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
	});

/** The whole endpoint but the session lookup: no user → 401 JSON (an API does not redirect). */
export async function handleScan(user: unknown, request: Request, options: ScanOptions = {}): Promise<Response> {
	if (!user) return answer(401, { error: 'unauthorized' });
	return scanRequest(request, options);
}

/** `options`: a network's published contact details to let through (decision 016), for its own texts. */
export async function scanRequest(request: Request, options: ScanOptions = {}): Promise<Response> {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > MAX_BODY_BYTES) return answer(413, { error: 'too_large', maxChars: MAX_SCAN_CHARS });
	const raw = await request.text();
	if (raw.length > MAX_BODY_BYTES) return answer(413, { error: 'too_large', maxChars: MAX_SCAN_CHARS });
	let body: unknown;
	try {
		body = JSON.parse(raw);
	} catch {
		return answer(400, { error: 'invalid_json' });
	}
	const text = typeof body === 'object' && body !== null ? (body as { text?: unknown }).text : undefined;
	if (typeof text !== 'string') return answer(400, { error: 'text_required' });
	if (text.length > MAX_SCAN_CHARS) return answer(413, { error: 'too_large', maxChars: MAX_SCAN_CHARS });
	try {
		return answer(200, await scan(text, options));
	} catch (error) {
		if (error instanceof PiiScanError) return answer(503, { error: 'pii_scan_failed' });
		throw error;
	}
}
