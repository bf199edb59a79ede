import type { Kysely } from 'kysely';
import type { TextLanguage } from '../../public-languages.ts';
import type { Locale, NetworkRef } from '../platform/context.ts';
import { prepared } from '../platform/db/prepared.ts';
import type { Database } from '../platform/db/schema.ts';
import { timestamp, toBool, toDate, toDateOrNull } from '../platform/db/values.ts';
import type { Role } from '../../roles.ts';
import type { NetworkTextKind } from './tables.ts';

type NetworkRow = Database['network'];

function toNetwork(row: NetworkRow): NetworkRef {
	return {
		id: row.id,
		slug: row.slug,
		name: row.name,
		country: row.country,
		timeZone: row.time_zone,
		defaultLocale: row.default_locale as Locale,
		contactEmail: row.contact_email,
		contactPhone: row.contact_phone,
		referencePrefix: row.reference_prefix
	};
}

export type NewNetwork = NetworkRef;

export async function insertNetwork(db: Kysely<Database>, network: NewNetwork, now: Date): Promise<void> {
	await db
		.insertInto('network')
		.values({
			id: network.id,
			slug: network.slug,
			name: network.name,
			country: network.country,
			time_zone: network.timeZone,
			default_locale: network.defaultLocale,
			contact_email: network.contactEmail,
			contact_phone: network.contactPhone,
			reference_prefix: network.referencePrefix,
			created_at: timestamp(now)
		})
		.execute();
}

export async function updateNetwork(
	db: Kysely<Database>,
	networkId: string,
	changes: Omit<NewNetwork, 'id' | 'slug' | 'country'>
): Promise<void> {
	await db
		.updateTable('network')
		.set({
			name: changes.name,
			time_zone: changes.timeZone,
			default_locale: changes.defaultLocale,
			contact_email: changes.contactEmail,
			contact_phone: changes.contactPhone,
			reference_prefix: changes.referencePrefix
		})
		.where('id', '=', networkId)
		.execute();
}

// Prepared (platform/db/prepared.ts): every public request looks its network up.
const openNetworkBySlugQuery = prepared((db, v: { slug: string }) =>
	db.selectFrom('network').selectAll().where('slug', '=', v.slug).where('closed_at', 'is', null)
);

export async function findOpenNetworkBySlug(db: Kysely<Database>, slug: string): Promise<NetworkRef | undefined> {
	const [row] = await openNetworkBySlugQuery.run(db, { slug });
	return row ? toNetwork(row) : undefined;
}

/** The open network of a slug with its own quick-exit site, for its public pages (one query). */
export async function findOpenNetworkForPublicPages(
	db: Kysely<Database>,
	slug: string
): Promise<{ network: NetworkRef; quickExitUrl: string | null } | undefined> {
	const [row] = await openNetworkBySlugQuery.run(db, { slug });
	return row ? { network: toNetwork(row), quickExitUrl: row.quick_exit_url ?? null } : undefined;
}

export async function findQuickExitUrl(db: Kysely<Database>, networkId: string): Promise<string | null> {
	const row = await db.selectFrom('network').select('quick_exit_url').where('id', '=', networkId).executeTakeFirst();
	return row?.quick_exit_url ?? null;
}

export async function updateQuickExitUrl(db: Kysely<Database>, networkId: string, url: string | null): Promise<void> {
	await db.updateTable('network').set({ quick_exit_url: url }).where('id', '=', networkId).execute();
}

export async function slugTaken(db: Kysely<Database>, slug: string): Promise<boolean> {
	const row = await db.selectFrom('network').select('id').where('slug', '=', slug).executeTakeFirst();
	return row !== undefined;
}

export async function listOpenNetworks(db: Kysely<Database>): Promise<NetworkRef[]> {
	const rows = await db.selectFrom('network').selectAll().where('closed_at', 'is', null).orderBy('name').execute();
	return rows.map(toNetwork);
}

export async function upsertNetworkText(
	db: Kysely<Database>,
	networkId: string,
	text: { kind: NetworkTextKind; locale: TextLanguage; body: string },
	actorUserId: string | null,
	now: Date
): Promise<void> {
	await db
		.insertInto('network_text')
		.values({
			network_id: networkId,
			kind: text.kind,
			locale: text.locale,
			body: text.body,
			updated_at: timestamp(now),
			updated_by: actorUserId
		})
		.onConflict((oc) =>
			oc.columns(['network_id', 'kind', 'locale']).doUpdateSet({
				body: text.body,
				updated_at: timestamp(now),
				updated_by: actorUserId
			})
		)
		.execute();
}

export async function deleteNetworkText(
	db: Kysely<Database>,
	networkId: string,
	kind: NetworkTextKind,
	locale: TextLanguage
): Promise<void> {
	await db
		.deleteFrom('network_text')
		.where('network_id', '=', networkId)
		.where('kind', '=', kind)
		.where('locale', '=', locale)
		.execute();
}

export async function listNetworkTexts(
	db: Kysely<Database>,
	networkId: string
): Promise<{ kind: NetworkTextKind; locale: TextLanguage; body: string }[]> {
	const rows = await db
		.selectFrom('network_text')
		.select(['kind', 'locale', 'body'])
		.where('network_id', '=', networkId)
		.execute();
	return rows.map((row) => ({ kind: row.kind, locale: row.locale as TextLanguage, body: row.body }));
}

// --- memberships

export interface MemberRow {
	membershipId: string;
	userId: string;
	name: string;
	email: string;
	role: Role;
	active: boolean;
	twoFactorEnabled: boolean;
	joinedAt: Date;
	deactivatedAt: Date | null;
}

export async function insertMembership(
	db: Kysely<Database>,
	membership: { id: string; networkId: string; userId: string; role: Role },
	now: Date
): Promise<void> {
	await db
		.insertInto('membership')
		.values({
			id: membership.id,
			network_id: membership.networkId,
			user_id: membership.userId,
			role: membership.role,
			active: 1,
			created_at: timestamp(now)
		})
		.execute();
}

function memberQuery(db: Kysely<Database>, networkId: string) {
	return db
		.selectFrom('membership')
		.innerJoin('user', 'user.id', 'membership.user_id')
		.select([
			'membership.id as membershipId',
			'membership.user_id as userId',
			'user.name as name',
			'user.email as email',
			'membership.role as role',
			'membership.active as active',
			'user.twoFactorEnabled as twoFactorEnabled',
			'membership.created_at as joinedAt',
			'membership.deactivated_at as deactivatedAt'
		])
		.where('membership.network_id', '=', networkId);
}

type MemberSelection = Awaited<ReturnType<ReturnType<typeof memberQuery>['executeTakeFirstOrThrow']>>;

function toMember(row: MemberSelection): MemberRow {
	return {
		...row,
		active: toBool(row.active),
		twoFactorEnabled: toBool(row.twoFactorEnabled),
		joinedAt: toDate(row.joinedAt),
		deactivatedAt: toDateOrNull(row.deactivatedAt)
	};
}

export async function listMembers(db: Kysely<Database>, networkId: string): Promise<MemberRow[]> {
	const rows = await memberQuery(db, networkId).orderBy('membership.active', 'desc').orderBy('user.name').execute();
	return rows.map(toMember);
}

export async function findMember(
	db: Kysely<Database>,
	networkId: string,
	membershipId: string
): Promise<MemberRow | undefined> {
	const row = await memberQuery(db, networkId).where('membership.id', '=', membershipId).executeTakeFirst();
	return row ? toMember(row) : undefined;
}

export async function findMemberByUser(
	db: Kysely<Database>,
	networkId: string,
	userId: string
): Promise<MemberRow | undefined> {
	const row = await memberQuery(db, networkId).where('membership.user_id', '=', userId).executeTakeFirst();
	return row ? toMember(row) : undefined;
}

export async function countActiveAdmins(db: Kysely<Database>, networkId: string): Promise<number> {
	const row = await db
		.selectFrom('membership')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('network_id', '=', networkId)
		.where('role', '=', 'admin')
		.where('active', '=', 1)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function setMembershipRole(
	db: Kysely<Database>,
	networkId: string,
	membershipId: string,
	role: Role
): Promise<void> {
	await db
		.updateTable('membership')
		.set({ role })
		.where('network_id', '=', networkId)
		.where('id', '=', membershipId)
		.execute();
}

export async function setMembershipActive(
	db: Kysely<Database>,
	networkId: string,
	membershipId: string,
	active: boolean,
	now: Date
): Promise<void> {
	await db
		.updateTable('membership')
		.set({ active: active ? 1 : 0, deactivated_at: active ? null : timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', membershipId)
		.execute();
}

export interface UserNetwork {
	network: NetworkRef;
	role: Role;
}

/** The networks a user is an active member of, for the network switcher. */
export async function listNetworksOfUser(db: Kysely<Database>, userId: string): Promise<UserNetwork[]> {
	const rows = await db
		.selectFrom('membership')
		.innerJoin('network', 'network.id', 'membership.network_id')
		.selectAll('network')
		.select('membership.role as role')
		.where('membership.user_id', '=', userId)
		.where('membership.active', '=', 1)
		.where('network.closed_at', 'is', null)
		.orderBy('network.name')
		.execute();
	return rows.map((row) => ({ network: toNetwork(row), role: row.role }));
}

// --- invitations

export interface InvitationRow {
	id: string;
	networkId: string;
	email: string;
	role: Role;
	createdAt: Date;
	expiresAt: Date;
	acceptedAt: Date | null;
	revokedAt: Date | null;
}

function toInvitation(row: Database['invitation']): InvitationRow {
	return {
		id: row.id,
		networkId: row.network_id,
		email: row.email,
		role: row.role,
		createdAt: toDate(row.created_at),
		expiresAt: toDate(row.expires_at),
		acceptedAt: toDateOrNull(row.accepted_at),
		revokedAt: toDateOrNull(row.revoked_at)
	};
}

export async function insertInvitation(
	db: Kysely<Database>,
	invitation: {
		id: string;
		networkId: string;
		email: string;
		role: Role;
		tokenHash: string;
		invitedBy: string;
		expiresAt: Date;
	},
	now: Date
): Promise<void> {
	await db
		.insertInto('invitation')
		.values({
			id: invitation.id,
			network_id: invitation.networkId,
			email: invitation.email,
			role: invitation.role,
			token_hash: invitation.tokenHash,
			invited_by: invitation.invitedBy,
			created_at: timestamp(now),
			expires_at: timestamp(invitation.expiresAt)
		})
		.execute();
}

/** Open invitations and the recently closed ones, newest first. */
export async function listInvitations(db: Kysely<Database>, networkId: string): Promise<InvitationRow[]> {
	const rows = await db
		.selectFrom('invitation')
		.selectAll()
		.where('network_id', '=', networkId)
		.orderBy('created_at', 'desc')
		.limit(100)
		.execute();
	return rows.map(toInvitation);
}

/** Looks an invitation up by its token; deliberately not scoped to a network: the token is the key. */
export async function findInvitationByTokenHash(
	db: Kysely<Database>,
	tokenHash: string
): Promise<InvitationRow | undefined> {
	const row = await db.selectFrom('invitation').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
	return row ? toInvitation(row) : undefined;
}

/** Marks an invitation used; false when it was already used or revoked (a second click, a race). */
export async function markInvitationAccepted(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
	const result = await db
		.updateTable('invitation')
		.set({ accepted_at: timestamp(now) })
		.where('id', '=', id)
		.where('accepted_at', 'is', null)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function revokeInvitation(
	db: Kysely<Database>,
	networkId: string,
	id: string,
	now: Date
): Promise<boolean> {
	const result = await db
		.updateTable('invitation')
		.set({ revoked_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where('accepted_at', 'is', null)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Open invitations only (not accepted, not revoked, not expired), newest first. */
export async function listOpenInvitations(
	db: Kysely<Database>,
	networkId: string,
	now: Date
): Promise<InvitationRow[]> {
	const rows = await db
		.selectFrom('invitation')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('accepted_at', 'is', null)
		.where('revoked_at', 'is', null)
		.where('expires_at', '>', timestamp(now))
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map(toInvitation);
}

/** Revokes every open invitation of an address in a network, so only the newest link works. */
export async function revokeOpenInvitationsOf(
	db: Kysely<Database>,
	networkId: string,
	email: string,
	now: Date
): Promise<number> {
	const result = await db
		.updateTable('invitation')
		.set({ revoked_at: timestamp(now) })
		.where('network_id', '=', networkId)
		.where('email', '=', email)
		.where('accepted_at', 'is', null)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

// --- instance administration

export async function findOpenNetworkById(db: Kysely<Database>, networkId: string): Promise<NetworkRef | undefined> {
	const row = await db
		.selectFrom('network')
		.selectAll()
		.where('id', '=', networkId)
		.where('closed_at', 'is', null)
		.executeTakeFirst();
	return row ? toNetwork(row) : undefined;
}

export interface NetworkSummary {
	network: NetworkRef;
	createdAt: Date;
	closedAt: Date | null;
	activeMembers: number;
}

/** Every network of the installation, open ones first, for the instance admin. No member data. */
export async function listAllNetworks(db: Kysely<Database>): Promise<NetworkSummary[]> {
	const rows = await db
		.selectFrom('network')
		.selectAll('network')
		.select((eb) =>
			eb
				.selectFrom('membership')
				.select((inner) => inner.fn.countAll<number>().as('n'))
				.whereRef('membership.network_id', '=', 'network.id')
				.where('membership.active', '=', 1)
				.as('active_members')
		)
		.orderBy('network.name')
		.execute();
	return rows
		.map((row) => ({
			network: toNetwork(row),
			createdAt: toDate(row.created_at),
			closedAt: toDateOrNull(row.closed_at),
			activeMembers: Number(row.active_members ?? 0)
		}))
		.sort((a, b) => Number(a.closedAt !== null) - Number(b.closedAt !== null));
}

/** Closes a network: it disappears from listings and its pages answer 404. Data stay for now. */
export async function closeNetwork(db: Kysely<Database>, networkId: string, now: Date): Promise<boolean> {
	const result = await db
		.updateTable('network')
		.set({ closed_at: timestamp(now) })
		.where('id', '=', networkId)
		.where('closed_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/**
 * What the getting-started list asks of a new network, as facts: someone besides the first admin (a
 * member or an invitation), the settings saved once, a public text written. Three cheap existence checks.
 */
export async function gettingStartedFacts(
	db: Kysely<Database>,
	networkId: string
): Promise<{ otherPeople: boolean; settingsSaved: boolean; publicTexts: boolean }> {
	const [members, invitations, settings, texts] = await Promise.all([
		db.selectFrom('membership').select('id').where('network_id', '=', networkId).limit(2).execute(),
		db.selectFrom('invitation').select('id').where('network_id', '=', networkId).limit(1).execute(),
		db
			.selectFrom('audit_event')
			.select('id')
			.where('network_id', '=', networkId)
			.where('action', '=', 'network.settings_changed')
			.where('outcome', '=', 'success')
			.limit(1)
			.execute(),
		db.selectFrom('network_text').select('kind').where('network_id', '=', networkId).limit(1).execute()
	]);
	return {
		otherPeople: members.length > 1 || invitations.length > 0,
		settingsSaved: settings.length > 0,
		publicTexts: texts.length > 0
	};
}
