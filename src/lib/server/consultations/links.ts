import { localizedPath } from '#lib/i18n.ts';
import type { Locale } from '../platform/context.ts';

/** The absolute link to a consultation in the app, with the language prefix (sv has none). */
export function consultationLink(publicOrigin: string, slug: string, reference: string, locale: Locale): string {
	const path = `/app/${encodeURIComponent(slug)}/consultations/${encodeURIComponent(reference)}`;
	return `${publicOrigin.replace(/\/+$/, '')}${localizedPath(path, locale)}`;
}
