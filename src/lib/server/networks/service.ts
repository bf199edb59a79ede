import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import { checkPasswordPolicy, hashPassword } from '../platform/auth/password.ts';
import {
	deleteSessionsOfUser,
	findUserByEmail,
	findUserById,
	insertUserWithPassword,
	normaliseEmail
} from '../platform/auth/user-repository.ts';
import type { Locale, Mailer, NetworkRef, ServiceContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { renderMail } from '../platform/mail/templates.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import * as repo from './repository.ts';
import type { NetworkTextKind, Role } from './tables.ts';

export const INVITATION_VALID_DAYS = 7;

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('base64url');
}

export interface NetworkInput {
	slug: string;
	name: string;
	country: 'SE' | 'NO';
	timeZone: string;
	defaultLocale: Locale;
	contactEmail: string;
	contactPhone: string | null;
	referencePrefix: string;
}

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
	await repo.updateNetwork(ctx.db, ctx.network.id, input);
	await ctx.audit.record('network.settings_changed', { type: 'network', id: ctx.network.id });
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

export async function listMembers(ctx: ServiceContext) {
	await requirePermission(ctx, 'members.manage');
	const [members, invitations] = await Promise.all([
		repo.listMembers(ctx.db, ctx.network.id),
		repo.listInvitations(ctx.db, ctx.network.id)
	]);
	return { members, invitations };
}

export function invitationLink(origin: string, token: string, locale: Locale): string {
	const prefix = locale === 'sv' ? '' : `/${locale}`;
	return `${origin}${prefix}/invite/${token}`;
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
		if (member) return failure('error_already_member', 'email');
	}
	const token = randomBytes(32).toString('base64url');
	const invitationId = randomUUID();
	const expiresAt = new Date(ctx.now.getTime() + INVITATION_VALID_DAYS * 24 * 3600_000);
	const locale = input.mailLocale ?? ctx.network.defaultLocale;
	const mail = renderMail('invitation', locale, {
		networkName: ctx.network.name,
		inviterName: ctx.actor.name,
		role: input.role,
		link: invitationLink(input.origin, token, locale),
		expiresAt,
		timeZone: ctx.network.timeZone
	});
	await ctx.db.transaction().execute(async (trx) => {
		await repo.insertInvitation(
			trx,
			{ id: invitationId, networkId: ctx.network.id, email, role: input.role, tokenHash: hashToken(token), invitedBy: ctx.actor.userId, expiresAt },
			ctx.now
		);
		await ctx.mail.enqueue(trx, { networkId: ctx.network.id, kind: 'invitation', to: email, fromName: ctx.network.name, ...mail });
		await ctx.audit.record('member.invited', { type: 'invitation', id: invitationId }, 'success', trx);
	});
	ctx.mail.flush();
	return ok({ invitationId });
}

export async function revokeInvitation(ctx: ServiceContext, invitationId: string): Promise<Result<void>> {
	await requirePermission(ctx, 'members.manage');
	const revoked = await repo.revokeInvitation(ctx.db, ctx.network.id, invitationId, ctx.now);
	if (!revoked) return failure('error_not_found');
	await ctx.audit.record('member.invitation_revoked', { type: 'invitation', id: invitationId });
	return ok(undefined);
}

async function wouldLeaveNoAdmin(ctx: ServiceContext, member: repo.MemberRow): Promise<boolean> {
	return member.role === 'admin' && member.active && (await repo.countActiveAdmins(ctx.db, ctx.network.id)) <= 1;
}

export async function changeRole(ctx: ServiceContext, membershipId: string, role: Role): Promise<Result<void>> {
	await requirePermission(ctx, 'members.manage');
	const member = await repo.findMember(ctx.db, ctx.network.id, membershipId);
	if (!member) return failure('error_not_found');
	if (member.role === role) return ok(undefined);
	if (role !== 'admin' && (await wouldLeaveNoAdmin(ctx, member))) return failure('error_last_admin');
	await ctx.db.transaction().execute(async (trx) => {
		await repo.setMembershipRole(trx, ctx.network.id, membershipId, role);
		await ctx.audit.record(`member.role_changed.${role}`, { type: 'membership', id: membershipId }, 'success', trx);
	});
	return ok(undefined);
}

/**
 * Deactivating a member ends all of that person's sessions at once: a session must not outlive
 * the right that created it.
 */
export async function setMemberActive(ctx: ServiceContext, membershipId: string, active: boolean): Promise<Result<void>> {
	await requirePermission(ctx, 'members.manage');
	const member = await repo.findMember(ctx.db, ctx.network.id, membershipId);
	if (!member) return failure('error_not_found');
	if (member.active === active) return ok(undefined);
	if (!active && member.userId === ctx.actor.userId) return failure('error_cannot_deactivate_self');
	if (!active && (await wouldLeaveNoAdmin(ctx, member))) return failure('error_last_admin');
	await ctx.db.transaction().execute(async (trx) => {
		await repo.setMembershipActive(trx, ctx.network.id, membershipId, active, ctx.now);
		if (!active) await deleteSessionsOfUser(trx, member.userId);
		await ctx.audit.record(active ? 'member.reactivated' : 'member.deactivated', { type: 'membership', id: membershipId }, 'success', trx);
	});
	return ok(undefined);
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
	const network = (await repo.listOpenNetworks(db)).find((n) => n.id === invitation.networkId);
	if (!network) return failure('error_invitation_invalid');
	return ok({ invitation, network });
}

export async function previewInvitation(db: Kysely<Database>, token: string, now: Date): Promise<Result<InvitationPreview>> {
	const opened = await openInvitation(db, token, now);
	if (!opened.ok) return opened;
	const { invitation, network } = opened.value;
	return ok({ network, email: invitation.email, role: invitation.role, hasAccount: (await findUserByEmail(db, invitation.email)) !== undefined });
}

/**
 * Accepts an invitation. A new person chooses a name and password; a person who already has an
 * account must be signed in as that account (`signedInUserId`). Single use, even under a double click.
 */
export async function acceptInvitation(
	db: Kysely<Database>,
	token: string,
	input: { name?: string; password?: string; signedInUserId?: string | null; locale: Locale; clientAddress?: string | null },
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
		const problem = checkPasswordPolicy(input.password ?? '', { email: invitation.email, networkNames: [network.name] });
		if (problem) return failure(`error_${problem}`, 'password');
		passwordHash = await hashPassword(input.password!);
	}
	const userId = existing?.id ?? randomUUID();
	const accepted = await db.transaction().execute(async (trx) => {
		if (!(await repo.markInvitationAccepted(trx, invitation.id, now))) return false;
		if (!existing) {
			await insertUserWithPassword(trx, { id: userId, name: input.name!.trim(), email: invitation.email, passwordHash: passwordHash!, locale: input.locale }, now);
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
	input: { admin: { name: string; email: string; password: string }; network: NetworkInput; locale: Locale; clientAddress?: string | null },
	now: Date
): Promise<Result<{ userId: string; network: NetworkRef }>> {
	const problem = checkPasswordPolicy(input.admin.password, { email: input.admin.email, networkNames: [input.network.name] });
	if (problem) return failure(`error_${problem}`, 'password');
	const passwordHash = await hashPassword(input.admin.password);
	const userId = randomUUID();
	return db.transaction().execute(async (trx) => {
		const users = await trx.selectFrom('user').select('id').limit(1).execute();
		if (users.length > 0) return failure('error_setup_done');
		const created = await createNetwork(trx, input.network, now);
		if (!created.ok) return created;
		await insertUserWithPassword(trx, { id: userId, name: input.admin.name, email: input.admin.email, passwordHash, isInstanceAdmin: true, locale: input.locale }, now);
		await repo.insertMembership(trx, { id: randomUUID(), networkId: created.value.id, userId, role: 'admin' }, now);
		await recordAudit(trx, { action: 'instance.setup', networkId: created.value.id, actorUserId: userId, entityType: 'network', entityId: created.value.id, clientAddress: input.clientAddress ?? null, at: now });
		return ok({ userId, network: created.value });
	});
}

export async function networksOfUser(db: Kysely<Database>, userId: string) {
	return repo.listNetworksOfUser(db, userId);
}

export { findUserById };
export type { Mailer };
