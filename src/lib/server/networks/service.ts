import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import { isPostgres } from '../platform/db/dialect.ts';
import { checkPasswordPolicy, hashPassword } from '../platform/auth/password.ts';
import {
	deleteSessionsOfUser,
	findUserByEmail,
	findUserById,
	insertUserWithPassword,
	normaliseEmail
} from '../platform/auth/user-repository.ts';
import type { ActorContext, Locale, Mailer, NetworkRef, ServiceContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { invitationMail } from './mail.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import type { TextLanguage } from '../../public-languages.ts';
import { isNetworkQuickExitUrl } from '../../quick-exit.ts';
import * as repo from './repository.ts';
import type { Role } from '../../roles.ts';
import type { NetworkTextKind } from './tables.ts';

export const INVITATION_VALID_DAYS = 7;

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('base64url');
}

export type NetworkInput = Omit<NetworkRef, 'id'>;

/** Creates a network; callers check that the actor may (first-run setup, instance admin). */
export async function createNetwork(db: Kysely<Database>, input: NetworkInput, now: Date): Promise<Result<NetworkRef>> {
	if (await repo.slugTaken(db, input.slug)) return failure('error_slug_taken', 'slug');
	const id = randomUUID();
	await repo.insertNetwork(db, { id, ...input }, now);
	const network = await repo.findOpenNetworkBySlug(db, input.slug);
	return network ? ok(network) : failure('error_generic');
}

export async function updateSettings(
	ctx: ServiceContext,
	input: Omit<NetworkInput, 'slug' | 'country'>
): Promise<Result<void>> {
	await requirePermission(ctx, 'settings.manage');
	await ctx.db.transaction().execute(async (trx) => {
		await repo.updateNetwork(trx, ctx.network.id, input);
		await ctx.audit.record('network.settings_changed', { type: 'network', id: ctx.network.id }, 'success', trx);
	});
	return ok(undefined);
}

export async function savePublicText(
	ctx: ServiceContext,
	text: { kind: NetworkTextKind; locale: Locale; body: string }
): Promise<Result<void>> {
	await requirePermission(ctx, 'public_pages.manage');
	// An empty text means "use the default text" again.
	if (text.body === '') await repo.deleteNetworkText(ctx.db, ctx.network.id, text.kind, text.locale);
	else await repo.upsertNetworkText(ctx.db, ctx.network.id, text, ctx.actor.userId, ctx.now);
	await ctx.audit.record('network.public_text_changed', { type: 'network_text', id: `${text.kind}:${text.locale}` });
	return ok(undefined);
}

/**
 * Saves a language's public texts in one go (the public pages form). An empty text goes back to
 * the default text; only texts that changed are written and audited.
 */
export async function savePublicTexts(
	ctx: ServiceContext,
	locale: TextLanguage,
	texts: Record<NetworkTextKind, string>
): Promise<Result<{ changed: number }>> {
	await requirePermission(ctx, 'public_pages.manage');
	const current = new Map(
		(await repo.listNetworkTexts(ctx.db, ctx.network.id))
			.filter((t) => t.locale === locale)
			.map((t) => [t.kind, t.body])
	);
	let changed = 0;
	await ctx.db.transaction().execute(async (trx) => {
		for (const [kind, body] of Object.entries(texts) as [NetworkTextKind, string][]) {
			if ((current.get(kind) ?? '') === body) continue;
			if (body === '') await repo.deleteNetworkText(trx, ctx.network.id, kind, locale);
			else await repo.upsertNetworkText(trx, ctx.network.id, { kind, locale, body }, ctx.actor.userId, ctx.now);
			await ctx.audit.record(
				'network.public_text_changed',
				{ type: 'network_text', id: `${kind}:${locale}` },
				'success',
				trx
			);
			changed += 1;
		}
	});
	return ok({ changed });
}

/** The network's own quick-exit site, or null when it uses the neutral site of each language. */
export async function quickExitChoice(ctx: ServiceContext): Promise<string | null> {
	await requirePermission(ctx, 'public_pages.manage');
	return repo.findQuickExitUrl(ctx.db, ctx.network.id);
}

/**
 * Sets (or, with null, clears) the site the network's quick exit leads to. The form has checked that
 * it is an https address (forms.ts); checked again here, since a wrong one would strand a visitor.
 */
export async function saveQuickExitChoice(ctx: ServiceContext, url: string | null): Promise<Result<void>> {
	await requirePermission(ctx, 'public_pages.manage');
	if (url !== null && !isNetworkQuickExitUrl(url)) return failure('error_quick_exit_url_invalid');
	const current = await repo.findQuickExitUrl(ctx.db, ctx.network.id);
	if (current === url) return ok(undefined);
	await ctx.db.transaction().execute(async (trx) => {
		await repo.updateQuickExitUrl(trx, ctx.network.id, url);
		await ctx.audit.record('network.settings_changed', { type: 'network', id: ctx.network.id }, 'success', trx);
	});
	return ok(undefined);
}

export async function listMembers(ctx: ServiceContext) {
	await requirePermission(ctx, 'members.manage');
	const [members, invitations] = await Promise.all([
		repo.listMembers(ctx.db, ctx.network.id),
		repo.listOpenInvitations(ctx.db, ctx.network.id, ctx.now)
	]);
	return { members, invitations };
}

export function invitationLink(origin: string, token: string, locale: Locale): string {
	const prefix = locale === 'sv' ? '' : `/${locale}`;
	return `${origin}${prefix}/invite/${token}`;
}

interface InvitationDraft {
	network: NetworkRef;
	email: string;
	role: Role;
	inviter: { userId: string; name: string };
	origin: string;
	locale: Locale;
	now: Date;
}

/**
 * Writes an invitation and queues its mail on the given transaction, so both exist or neither.
 * Older open invitations of the same address are revoked: only the newest link works.
 */
async function writeInvitation(trx: Kysely<Database>, mailer: Mailer, draft: InvitationDraft): Promise<string> {
	const token = randomBytes(32).toString('base64url');
	const invitationId = randomUUID();
	const expiresAt = new Date(draft.now.getTime() + INVITATION_VALID_DAYS * 24 * 3600_000);
	const mail = invitationMail(draft.locale, {
		networkName: draft.network.name,
		inviterName: draft.inviter.name,
		role: draft.role,
		link: invitationLink(draft.origin, token, draft.locale),
		expiresAt,
		timeZone: draft.network.timeZone
	});
	await repo.revokeOpenInvitationsOf(trx, draft.network.id, draft.email, draft.now);
	await repo.insertInvitation(
		trx,
		{
			id: invitationId,
			networkId: draft.network.id,
			email: draft.email,
			role: draft.role,
			tokenHash: hashToken(token),
			invitedBy: draft.inviter.userId,
			expiresAt
		},
		draft.now
	);
	await mailer.enqueue(trx, {
		networkId: draft.network.id,
		kind: 'invitation',
		to: draft.email,
		fromName: draft.network.name,
		...mail
	});
	return invitationId;
}

/**
 * Invites someone by e-mail. The invitation and its mail commit together; the link carries a
 * random token of which only a hash is stored, valid for seven days and for one use.
 */
export async function inviteMember(
	ctx: ServiceContext,
	input: { email: string; role: Role; origin: string; mailLocale?: Locale }
): Promise<Result<{ invitationId: string }>> {
	await requirePermission(ctx, 'members.manage');
	const email = normaliseEmail(input.email);
	const existingUser = await findUserByEmail(ctx.db, email);
	if (existingUser) {
		const member = await repo.findMemberByUser(ctx.db, ctx.network.id, existingUser.id);
		if (member) return failure(member.active ? 'error_already_member' : 'error_member_deactivated', 'email');
	}
	const invitationId = await ctx.db.transaction().execute(async (trx) => {
		const id = await writeInvitation(trx, ctx.mail, {
			network: ctx.network,
			email,
			role: input.role,
			inviter: { userId: ctx.actor.userId, name: ctx.actor.name },
			origin: input.origin,
			locale: input.mailLocale ?? ctx.network.defaultLocale,
			now: ctx.now
		});
		await ctx.audit.record('member.invited', { type: 'invitation', id }, 'success', trx);
		return id;
	});
	ctx.mail.flush();
	return ok({ invitationId });
}

export async function revokeInvitation(ctx: ServiceContext, invitationId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'members.manage');
	const revoked = await ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.revokeInvitation(trx, ctx.network.id, invitationId, ctx.now))) return false;
		await ctx.audit.record('member.invitation_revoked', { type: 'invitation', id: invitationId }, 'success', trx);
		return true;
	});
	return revoked ? ok(undefined) : failure('error_not_found');
}

async function wouldLeaveNoAdmin(db: Kysely<Database>, networkId: string, member: repo.MemberRow): Promise<boolean> {
	return member.role === 'admin' && member.active && (await repo.countActiveAdmins(db, networkId)) <= 1;
}

/** Changes a member's role; the network always keeps at least one active admin. */
export async function changeRole(ctx: ServiceContext, membershipId: string, role: Role): Promise<Result<void>> {
	await requirePermission(ctx, 'members.manage');
	// Read and write in one transaction so two admins demoting each other cannot both succeed.
	return ctx.db.transaction().execute(async (trx) => {
		const member = await repo.findMember(trx, ctx.network.id, membershipId);
		if (!member) return failure('error_not_found');
		if (member.role === role) return ok(undefined);
		if (role !== 'admin' && (await wouldLeaveNoAdmin(trx, ctx.network.id, member))) return failure('error_last_admin');
		await repo.setMembershipRole(trx, ctx.network.id, membershipId, role);
		await ctx.audit.record(`member.role_changed.${role}`, { type: 'membership', id: membershipId }, 'success', trx);
		return ok(undefined);
	});
}

/**
 * Deactivating a member ends all of that person's sessions at once: a session must not outlive
 * the right that created it.
 */
export async function setMemberActive(
	ctx: ServiceContext,
	membershipId: string,
	active: boolean
): Promise<Result<void>> {
	await requirePermission(ctx, 'members.manage');
	return ctx.db.transaction().execute(async (trx) => {
		const member = await repo.findMember(trx, ctx.network.id, membershipId);
		if (!member) return failure('error_not_found');
		if (member.active === active) return ok(undefined);
		if (!active && member.userId === ctx.actor.userId) return failure('error_cannot_deactivate_self');
		if (!active && (await wouldLeaveNoAdmin(trx, ctx.network.id, member))) return failure('error_last_admin');
		await repo.setMembershipActive(trx, ctx.network.id, membershipId, active, ctx.now);
		if (!active) await deleteSessionsOfUser(trx, member.userId);
		await ctx.audit.record(
			active ? 'member.reactivated' : 'member.deactivated',
			{ type: 'membership', id: membershipId },
			'success',
			trx
		);
		return ok(undefined);
	});
}

/** One member of the caller's network, for the confirmation step of a deactivation. */
export async function getMember(ctx: ServiceContext, membershipId: string): Promise<Result<repo.MemberRow>> {
	await requirePermission(ctx, 'members.manage');
	const member = await repo.findMember(ctx.db, ctx.network.id, membershipId);
	return member ? ok(member) : failure('error_not_found');
}

// --- accepting an invitation (no signed-in context: the token is the credential)

export interface InvitationPreview {
	network: NetworkRef;
	email: string;
	role: Role;
	/** True when the address already has an account: the person signs in instead of choosing a password. */
	hasAccount: boolean;
}

async function openInvitation(db: Kysely<Database>, token: string, now: Date) {
	const invitation = await repo.findInvitationByTokenHash(db, hashToken(token));
	if (!invitation) return failure('error_invitation_invalid');
	if (invitation.acceptedAt || invitation.revokedAt) return failure('error_invitation_used');
	if (invitation.expiresAt <= now) return failure('error_invitation_expired');
	const network = await repo.findOpenNetworkById(db, invitation.networkId);
	if (!network) return failure('error_invitation_invalid');
	return ok({ invitation, network });
}

export async function previewInvitation(
	db: Kysely<Database>,
	token: string,
	now: Date
): Promise<Result<InvitationPreview>> {
	const opened = await openInvitation(db, token, now);
	if (!opened.ok) return opened;
	const { invitation, network } = opened.value;
	return ok({
		network,
		email: invitation.email,
		role: invitation.role,
		hasAccount: (await findUserByEmail(db, invitation.email)) !== undefined
	});
}

/**
 * Accepts an invitation. A new person chooses a name and password; a person who already has an
 * account must be signed in as that account (`signedInUserId`). Single use, even under a double click.
 */
export async function acceptInvitation(
	db: Kysely<Database>,
	token: string,
	input: {
		name?: string;
		password?: string;
		signedInUserId?: string | null;
		locale: Locale;
		clientAddress?: string | null;
		requestId?: string | null;
	},
	now: Date
): Promise<Result<{ userId: string; network: NetworkRef; newUser: boolean }>> {
	const opened = await openInvitation(db, token, now);
	if (!opened.ok) return opened;
	const { invitation, network } = opened.value;
	const existing = await findUserByEmail(db, invitation.email);
	if (existing && existing.id !== input.signedInUserId) return failure('error_invitation_sign_in_first');
	let passwordHash: string | null = null;
	if (!existing) {
		const name = input.name?.trim() ?? '';
		if (name.length < 2) return failure('error_name_required', 'name');
		const problem = checkPasswordPolicy(input.password ?? '', {
			email: invitation.email,
			networkNames: [network.name]
		});
		if (problem) return failure(`error_${problem}`, 'password');
		passwordHash = await hashPassword(input.password!);
	}
	const userId = existing?.id ?? randomUUID();
	const accepted = await db.transaction().execute(async (trx) => {
		if (!(await repo.markInvitationAccepted(trx, invitation.id, now))) return false;
		if (!existing) {
			await insertUserWithPassword(
				trx,
				{
					id: userId,
					name: input.name!.trim(),
					email: invitation.email,
					passwordHash: passwordHash!,
					locale: input.locale
				},
				now
			);
		}
		const member = await repo.findMemberByUser(trx, network.id, userId);
		if (member) {
			await repo.setMembershipRole(trx, network.id, member.membershipId, invitation.role);
			await repo.setMembershipActive(trx, network.id, member.membershipId, true, now);
		} else {
			await repo.insertMembership(trx, { id: randomUUID(), networkId: network.id, userId, role: invitation.role }, now);
		}
		await recordAudit(trx, {
			action: 'member.invitation_accepted',
			networkId: network.id,
			actorUserId: userId,
			entityType: 'invitation',
			entityId: invitation.id,
			clientAddress: input.clientAddress ?? null,
			requestId: input.requestId ?? null,
			at: now
		});
		return true;
	});
	if (!accepted) return failure('error_invitation_used');
	return ok({ userId, network, newUser: !existing });
}

/** Creates the first user (instance admin) and first network in one go; only while no user exists. */
export async function runFirstSetup(
	db: Kysely<Database>,
	input: {
		admin: { name: string; email: string; password: string };
		network: NetworkInput;
		locale: Locale;
		clientAddress?: string | null;
		requestId?: string | null;
	},
	now: Date
): Promise<Result<{ userId: string; network: NetworkRef }>> {
	const problem = checkPasswordPolicy(input.admin.password, {
		email: input.admin.email,
		networkNames: [input.network.name]
	});
	if (problem) return failure(`error_${problem}`, 'password');
	const passwordHash = await hashPassword(input.admin.password);
	const userId = randomUUID();
	return db.transaction().execute(async (trx) => {
		// Two first setups at once must not both succeed: on PostgreSQL they queue on this lock (on
		// SQLite, write transactions already run one at a time).
		if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(7201)`.execute(trx);
		const users = await trx.selectFrom('user').select('id').limit(1).execute();
		if (users.length > 0) return failure('error_setup_done');
		const created = await createNetwork(trx, input.network, now);
		if (!created.ok) return created;
		await insertUserWithPassword(
			trx,
			{
				id: userId,
				name: input.admin.name,
				email: input.admin.email,
				passwordHash,
				isInstanceAdmin: true,
				locale: input.locale
			},
			now
		);
		await repo.insertMembership(trx, { id: randomUUID(), networkId: created.value.id, userId, role: 'admin' }, now);
		await recordAudit(trx, {
			action: 'instance.setup',
			networkId: created.value.id,
			actorUserId: userId,
			entityType: 'network',
			entityId: created.value.id,
			clientAddress: input.clientAddress ?? null,
			requestId: input.requestId ?? null,
			at: now
		});
		return ok({ userId, network: created.value });
	});
}

/** The networks the user is an active member of (for the network switcher and /app). */
export async function networksOfUser(db: Kysely<Database>, userId: string) {
	return repo.listNetworksOfUser(db, userId);
}

/** The public texts a network has written itself; a missing one means "use the default text". */
export async function listPublicTexts(ctx: ServiceContext) {
	await requirePermission(ctx, 'public_pages.manage');
	return repo.listNetworkTexts(ctx.db, ctx.network.id);
}

// --- instance administration: create and close networks, never read their data

/** Thrown when someone who is not an instance admin reaches an instance-admin service. */
export class InstanceAdminRequired extends Error {
	constructor() {
		super('instance admin required');
	}
}

async function requireInstanceAdmin(ctx: ActorContext): Promise<void> {
	if (ctx.actor.isInstanceAdmin) return;
	await ctx.audit.record('permission.instance.manage', null, 'denied');
	throw new InstanceAdminRequired();
}

export async function listNetworksForInstanceAdmin(ctx: ActorContext): Promise<repo.NetworkSummary[]> {
	await requireInstanceAdmin(ctx);
	return repo.listAllNetworks(ctx.db);
}

/**
 * Creates a network and invites its first admin: network, invitation, mail and audit entry commit
 * together. The instance admin does not become a member (no access to the network's data).
 */
export async function createNetworkWithAdmin(
	ctx: ActorContext,
	input: NetworkInput & { adminEmail: string; origin: string }
): Promise<Result<{ network: NetworkRef; invitationId: string }>> {
	await requireInstanceAdmin(ctx);
	const { adminEmail, origin, ...networkInput } = input;
	const result = await ctx.db.transaction().execute(async (trx) => {
		const created = await createNetwork(trx, networkInput, ctx.now);
		if (!created.ok) return created;
		const network = created.value;
		const invitationId = await writeInvitation(trx, ctx.mail, {
			network,
			email: normaliseEmail(adminEmail),
			role: 'admin',
			inviter: { userId: ctx.actor.userId, name: ctx.actor.name },
			origin,
			locale: network.defaultLocale,
			now: ctx.now
		});
		const base = {
			networkId: network.id,
			actorUserId: ctx.actor.userId,
			clientAddress: ctx.clientAddress,
			requestId: ctx.requestId,
			at: ctx.now
		};
		await recordAudit(trx, { ...base, action: 'network.created', entityType: 'network', entityId: network.id });
		await recordAudit(trx, { ...base, action: 'member.invited', entityType: 'invitation', entityId: invitationId });
		return ok({ network, invitationId });
	});
	if (result.ok) ctx.mail.flush();
	return result;
}

/** Closes a network: it leaves the list on /, and its pages and invitations answer "not found". */
export async function closeNetwork(ctx: ActorContext, networkId: string): Promise<Result<void>> {
	await requireInstanceAdmin(ctx);
	const closed = await ctx.db.transaction().execute(async (trx) => {
		if (!(await repo.closeNetwork(trx, networkId, ctx.now))) return false;
		await recordAudit(trx, {
			action: 'network.closed',
			networkId,
			actorUserId: ctx.actor.userId,
			entityType: 'network',
			entityId: networkId,
			clientAddress: ctx.clientAddress,
			requestId: ctx.requestId,
			at: ctx.now
		});
		return true;
	});
	return closed ? ok(undefined) : failure('error_not_found');
}

export { findUserById };
export type { Mailer };
