import type { Cookies } from '@sveltejs/kit';

/**
 * The anonymous asker's receipt (reference number and follow-up code) between the POST that saved
 * the question and the page that shows it: a short-lived HttpOnly cookie, so the code never goes into
 * a URL and reloading the receipt does not send the question again. It lasts ten minutes, or until
 * the asker says they have written the code down.
 */
const RECEIPT_SECONDS = 10 * 60;

function cookieName(secure: boolean): string {
	return secure ? '__Host-samverkan_ask_receipt' : 'samverkan_ask_receipt';
}

export interface Receipt {
	reference: string;
	code: string;
}

/**
 * The cookie holds the network the question was asked in, and only that network's receipt page
 * shows it: the path cannot scope it (a `__Host-` cookie must have Path=/), and another network's
 * page must not show a code that is not its own.
 */
export function keepReceipt(cookies: Cookies, url: URL, networkId: string, receipt: Receipt): void {
	const secure = url.protocol === 'https:';
	cookies.set(cookieName(secure), `${networkId}|${receipt.reference}|${receipt.code}`, {
		path: '/',
		httpOnly: true,
		secure,
		sameSite: 'strict',
		maxAge: RECEIPT_SECONDS
	});
}

export function readReceipt(cookies: Cookies, url: URL, networkId: string): Receipt | null {
	const value = cookies.get(cookieName(url.protocol === 'https:'));
	const match = value ? /^([^|]+)\|([A-Z0-9-]{3,40})\|([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})$/.exec(value) : null;
	return match && match[1] === networkId ? { reference: match[2], code: match[3] } : null;
}

/** Forgets the receipt if it is this network's; another network's stays until it expires. */
export function forgetReceipt(cookies: Cookies, url: URL, networkId: string): void {
	if (!readReceipt(cookies, url, networkId)) return;
	const secure = url.protocol === 'https:';
	cookies.delete(cookieName(secure), { path: '/', httpOnly: true, secure, sameSite: 'strict' });
}
