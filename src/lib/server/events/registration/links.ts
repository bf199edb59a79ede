import { createHash, randomBytes } from 'node:crypto';
import { localizedPath } from '#lib/i18n.ts';
import type { Locale } from '../../platform/context.ts';
import type { RegistrationStatus } from '../model.ts';

/** The personal links of registrations and the public addresses the mails and pages point to. */

/** A personal-link token (256 bits) and its SHA-256, the only thing stored. */
export function newToken(): { token: string; hash: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export function registrationLink(publicOrigin: string, slug: string, token: string, locale: Locale): string {
	const path = `/${encodeURIComponent(slug)}/events/registration/${encodeURIComponent(token)}`;
	return `${publicOrigin.replace(/\/+$/, '')}${localizedPath(path, locale)}`;
}

/** The public page of an event (also where members-only events are, for members). */
export function eventPageLink(publicOrigin: string, slug: string, eventId: string, locale?: Locale): string {
	const path = `/${encodeURIComponent(slug)}/events/${encodeURIComponent(eventId)}`;
	return `${publicOrigin.replace(/\/+$/, '')}${localizedPath(path, locale)}`;
}

// Finnish too: a registration made on the Finnish public pages (docs/decisions/019-public-languages.md).
const locales: readonly Locale[] = ['sv', 'nb', 'en', 'fi'];
export function asLocale(value: string, fallback: Locale): Locale {
	return locales.includes(value as Locale) ? (value as Locale) : fallback;
}

/**
 * Where the registration form sends the browser afterwards: the confirmation page, told only what
 * it says — registered, or waiting (with the place); nothing personal, no token, and nothing that
 * tells a registration again from a new one (decision 013).
 */
export function registeredLocation(
	slug: string,
	eventId: string,
	locale: Locale,
	outcome: { status: RegistrationStatus; position: number | null }
): string {
	const { status, position } = outcome;
	const query = new URLSearchParams({ outcome: status === 'waiting' ? 'waiting' : 'registered' });
	if (status === 'waiting' && position !== null) query.set('position', String(position));
	return `${localizedPath(`/${slug}/events/${eventId}/registered`, locale)}?${query}`;
}
