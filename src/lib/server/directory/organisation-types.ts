import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '../platform/context.ts';

/**
 * The default organisation types (docs/product.md#directory-organisation-types). A default keeps its key for good; its name comes
 * from the catalogues until a network renames it. Child welfare (barnevern) and the labour and
 * welfare office (NAV) are Norwegian institutions: Swedish networks do not get them, since in
 * Sweden social services cover both.
 */
export interface DefaultType {
	key: string;
	onlyIn?: 'NO';
	/** Expected in every municipality until the network says otherwise (decision 018). */
	expected?: true;
}

export const DEFAULT_TYPES: readonly DefaultType[] = [
	{ key: 'social_services', expected: true },
	{ key: 'school', expected: true },
	{ key: 'preschool' },
	{ key: 'police', expected: true },
	{ key: 'health_care', expected: true },
	{ key: 'youth_clinic' },
	{ key: 'shelter' },
	{ key: 'refugee_reception' },
	{ key: 'asylum_reception' },
	{ key: 'child_welfare', onlyIn: 'NO' },
	{ key: 'labour_welfare', onlyIn: 'NO' },
	{ key: 'county_board' },
	{ key: 'region' },
	{ key: 'ngo' },
	{ key: 'religious_community' },
	{ key: 'other' }
];

/** The defaults a network of the country gets, in their order. */
export function defaultTypesFor(country: 'SE' | 'NO'): DefaultType[] {
	return DEFAULT_TYPES.filter((type) => !type.onlyIn || type.onlyIn === country);
}

type Message = (params?: Record<string, never>, options?: { locale?: Locale }) => string;

/** The translated name of a default type; a renamed type shows its own name instead. */
export function defaultTypeName(key: string, locale: Locale): string {
	const message = (m as unknown as Record<string, Message | undefined>)[`directory_type_${key}`];
	return message ? message({}, { locale }) : key;
}

export function typeLabel(type: { key: string | null; name: string | null }, locale: Locale): string {
	if (type.name) return type.name;
	return type.key ? defaultTypeName(type.key, locale) : '';
}
