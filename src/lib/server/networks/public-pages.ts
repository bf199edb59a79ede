import type { Kysely } from 'kysely';
import { m } from '#lib/paraglide/messages.js';
import { formatDate } from '../../format.ts';
import { resolveQuickExitUrl } from '../../quick-exit.ts';
import {
	TEXT_ONLY_LANGUAGES,
	textLanguagesOf,
	type TextLanguage,
	type TextOnlyLanguage
} from '../../public-languages.ts';
import { summary } from '../../text-blocks.ts';
import type { Locale, NetworkRef } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { findOpenNetworkForPublicPages, listNetworkTexts, listOpenNetworks } from './repository.ts';
import type { Country, NetworkTextKind } from './tables.ts';

/**
 * The public pages of a network (docs/product.md#foundation-public-pages) are readable by anyone: no context, no permission check,
 * and only what a visitor may see leaves this module (no ids, no OIDC settings).
 */

export const PUBLIC_TEXT_KINDS: NetworkTextKind[] = ['description', 'contact', 'accessibility', 'privacy'];

/**
 * When the built-in accessibility statement was last reviewed against the product; shown as the
 * statement's date. Update it whenever the default statement or the tested scope changes.
 */
export const DEFAULT_STATEMENT_REVIEWED = new Date('2026-11-23T12:00:00Z');

/** Public addresses of the authorities the default texts refer to, per country. */
export const AUTHORITY_URLS: Record<Country, { accessibility: string; privacy: string }> = {
	SE: { accessibility: 'https://www.digg.se', privacy: 'https://www.imy.se' },
	NO: { accessibility: 'https://www.uutilsynet.no', privacy: 'https://www.datatilsynet.no' }
};

export interface PublicText {
	body: string;
	/** The language the text is written in; differs from the page's when it fell back or is a text-only language. */
	locale: TextLanguage;
	/** 'network': written by the network; 'default': the built-in text in the requested language. */
	source: 'network' | 'default';
}

export interface PublicNetwork {
	slug: string;
	name: string;
	country: Country;
	contactEmail: string;
	contactPhone: string | null;
	defaultLocale: Locale;
}

export interface PublicNetworkPage {
	network: PublicNetwork;
	texts: Record<NetworkTextKind, PublicText>;
	/** Where its quick exit leads: its own choice, the installation's, or the language's neutral site. */
	quickExitUrl: string;
	/** The text-only languages (Meänkieli, Northern Sami) it has written at least one text in. */
	textLanguages: TextOnlyLanguage[];
}

/**
 * A public section of a network: the network page links to every entry. Later modules (events,
 * the anonymous question form, the library, the newsletter) add theirs here.
 */
export interface PublicSection {
	/** Path below /{network}, e.g. '/contact'. */
	path: string;
	/** Message key of the link text. */
	label: string;
}

export const PUBLIC_SECTIONS: PublicSection[] = [
	{ path: '/events', label: 'public_nav_events' },
	{ path: '/ask', label: 'public_nav_ask' },
	{ path: '/contact', label: 'public_nav_contact' }
];

function toPublicNetwork(network: NetworkRef): PublicNetwork {
	return {
		slug: network.slug,
		name: network.name,
		country: network.country,
		contactEmail: network.contactEmail,
		contactPhone: network.contactPhone,
		defaultLocale: network.defaultLocale
	};
}

/** The built-in text of a kind, in the requested language, filled in with the network's details. */
export function defaultText(kind: NetworkTextKind, network: NetworkRef, locale: Locale): string {
	const options = { locale };
	const country = network.country;
	switch (kind) {
		case 'description':
			return m.public_default_description({ network: network.name }, options);
		case 'contact':
			return m.public_default_contact({ network: network.name }, options);
		case 'accessibility':
			return m.public_default_accessibility(
				{
					network: network.name,
					email: network.contactEmail,
					authority:
						country === 'NO'
							? m.public_accessibility_authority_NO({}, options)
							: m.public_accessibility_authority_SE({}, options),
					authorityUrl: AUTHORITY_URLS[country].accessibility,
					law:
						country === 'NO' ? m.public_accessibility_law_NO({}, options) : m.public_accessibility_law_SE({}, options),
					date: formatDate(DEFAULT_STATEMENT_REVIEWED, locale, network.timeZone)
				},
				options
			);
		case 'privacy':
			return m.public_default_privacy(
				{
					network: network.name,
					email: network.contactEmail,
					authority:
						country === 'NO' ? m.public_privacy_authority_NO({}, options) : m.public_privacy_authority_SE({}, options),
					authorityUrl: AUTHORITY_URLS[country].privacy
				},
				options
			);
	}
}

/**
 * Picks each text: the network's own in the requested language, else the network's own in its
 * default language, else the built-in default in the requested language.
 */
function resolveTexts(
	network: NetworkRef,
	stored: { kind: NetworkTextKind; locale: string; body: string }[],
	locale: Locale,
	textLanguage?: TextOnlyLanguage | null
): Record<NetworkTextKind, PublicText> {
	const find = (kind: NetworkTextKind, wanted: string) =>
		stored.find((text) => text.kind === kind && text.locale === wanted && text.body.trim() !== '');
	const texts = {} as Record<NetworkTextKind, PublicText>;
	for (const kind of PUBLIC_TEXT_KINDS) {
		// A text-only language first when the visitor chose it (/kiruna?texts=fit), then as before.
		const own =
			(textLanguage ? find(kind, textLanguage) : undefined) ?? find(kind, locale) ?? find(kind, network.defaultLocale);
		texts[kind] = own
			? { body: own.body, locale: own.locale as TextLanguage, source: 'network' }
			: { body: defaultText(kind, network, locale), locale, source: 'default' };
	}
	return texts;
}

/**
 * A network's public page in a language (and, when asked for, with its texts in a text-only
 * language); undefined for an unknown or closed network.
 */
export async function publicNetworkPage(
	db: Kysely<Database>,
	slug: string,
	locale: Locale,
	options: { textLanguage?: string | null; env?: Record<string, string | undefined> } = {}
): Promise<PublicNetworkPage | undefined> {
	const found = await findOpenNetworkForPublicPages(db, slug);
	if (!found) return undefined;
	const { network } = found;
	const stored = await listNetworkTexts(db, network.id);
	const offered = textLanguagesOf(network.country);
	const textLanguages = TEXT_ONLY_LANGUAGES.filter(
		(language) =>
			offered.includes(language) && stored.some((text) => text.locale === language && text.body.trim() !== '')
	);
	const textLanguage = textLanguages.find((language) => language === options.textLanguage) ?? null;
	return {
		network: toPublicNetwork(network),
		texts: resolveTexts(network, stored, locale, textLanguage),
		quickExitUrl: quickExitUrl(locale, found.quickExitUrl, options.env),
		textLanguages
	};
}

export interface PublicNetworkListItem extends PublicNetwork {
	/** The first paragraph of the description, shortened. */
	summary: string;
	summaryLocale: TextLanguage;
}

/** The instance's open networks for the start page, each with a short description. */
export async function listPublicNetworks(db: Kysely<Database>, locale: Locale): Promise<PublicNetworkListItem[]> {
	const networks = await listOpenNetworks(db);
	return Promise.all(
		networks.map(async (network) => {
			const texts = resolveTexts(network, await listNetworkTexts(db, network.id), locale);
			return {
				...toPublicNetwork(network),
				summary: summary(texts.description.body),
				summaryLocale: texts.description.locale
			};
		})
	);
}

/** The instance-wide texts for /accessibility and /privacy (no network: general wording). */
export function instanceText(kind: 'accessibility' | 'privacy', locale: Locale): string {
	const options = { locale };
	return kind === 'accessibility'
		? m.public_instance_accessibility(
				{ date: formatDate(DEFAULT_STATEMENT_REVIEWED, locale, 'Europe/Stockholm') },
				options
			)
		: m.public_instance_privacy({}, options);
}

/**
 * The quick-exit target of a page: the network's own choice (https only), else QUICK_EXIT_URL when it
 * is a valid http(s) URL, else the neutral site of the page's language.
 */
export function quickExitUrl(
	locale: string,
	networkChoice: string | null = null,
	env: Record<string, string | undefined> = process.env
): string {
	return resolveQuickExitUrl(env.QUICK_EXIT_URL, locale, networkChoice);
}
