import type { Kysely } from 'kysely';
import type { Locale } from '../context.ts';
import type { Database } from '../db/schema.ts';

export function resetPasswordLink(origin: string, token: string, locale: Locale): string {
	const prefix = locale === 'sv' ? '' : `/${locale}`;
	return `${origin}${prefix}/reset-password/${encodeURIComponent(token)}`;
}

/**
 * The reset mail goes out in the person's language and in the name of their (first) network, as
 * people know the network, not the software.
 */
export async function resetMailContext(
	db: Kysely<Database>,
	userId: string
): Promise<{ locale: Locale; networkName: string; networkId: string | null }> {
	const row = await db
		.selectFrom('user')
		.leftJoin('membership', (join) => join.onRef('membership.user_id', '=', 'user.id').on('membership.active', '=', 1))
		.leftJoin('network', (join) =>
			join.onRef('network.id', '=', 'membership.network_id').on('network.closed_at', 'is', null)
		)
		.select([
			'user.locale as userLocale',
			'network.name as networkName',
			'network.id as networkId',
			'network.default_locale as networkLocale'
		])
		.where('user.id', '=', userId)
		.orderBy('membership.created_at')
		.executeTakeFirst();
	const locale = (row?.userLocale ?? row?.networkLocale ?? 'sv') as Locale;
	return { locale, networkName: row?.networkName ?? 'Samverkan', networkId: row?.networkId ?? null };
}
