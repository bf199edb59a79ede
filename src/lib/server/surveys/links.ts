import { createHash, randomBytes } from 'node:crypto';
import { localizedPath } from '#lib/i18n.ts';
import type { Locale } from '../platform/context.ts';

/**
 * The links that ask someone to answer: a personal one-time link per invitation (only its SHA-256
 * is stored) and a survey's public link. Neither says anything about the person.
 */
export function newToken(): { token: string; hash: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** A token's shape, checked before any lookup: 32 random bytes in base64url. */
export function looksLikeToken(token: string): boolean {
	return /^[A-Za-z0-9_-]{43}$/.test(token);
}

const origin = (publicOrigin: string) => publicOrigin.replace(/\/+$/, '');

export function answerLink(publicOrigin: string, slug: string, token: string, locale: Locale): string {
	return `${origin(publicOrigin)}${localizedPath(`/${encodeURIComponent(slug)}/survey/${token}`, locale)}`;
}

export function publicSurveyLink(publicOrigin: string, slug: string, token: string, locale?: Locale): string {
	return `${origin(publicOrigin)}${localizedPath(`/${encodeURIComponent(slug)}/survey/open/${token}`, locale)}`;
}
