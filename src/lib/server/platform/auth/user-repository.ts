import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { timestamp, toBool } from '../db/values.ts';

/**
 * Users and their password accounts, in better-auth's tables. Writing them here (rather than through
 * better-auth's HTTP API) lets an invitation, its user and its membership commit in one transaction.
 */
export interface UserRow {
	id: string;
	name: string;
	email: string;
	isInstanceAdmin: boolean;
	twoFactorEnabled: boolean;
	locale: string | null;
}

function toUser(row: Database['user']): UserRow {
	return {
		id: row.id,
		name: row.name,
		email: row.email,
		isInstanceAdmin: toBool(row.isInstanceAdmin),
		twoFactorEnabled: toBool(row.twoFactorEnabled),
		locale: row.locale
	};
}

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('user')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
	const row = await db.selectFrom('user').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
	return row ? toUser(row) : undefined;
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
	const row = await db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? toUser(row) : undefined;
}

export async function insertUserWithPassword(
	db: Kysely<Database>,
	user: {
		id: string;
		name: string;
		email: string;
		passwordHash: string;
		isInstanceAdmin?: boolean;
		locale?: string | null;
	},
	now: Date
): Promise<void> {
	await db
		.insertInto('user')
		.values({
			id: user.id,
			name: user.name,
			email: normaliseEmail(user.email),
			emailVerified: 1,
			image: null,
			createdAt: timestamp(now),
			updatedAt: timestamp(now),
			twoFactorEnabled: 0,
			isInstanceAdmin: user.isInstanceAdmin ? 1 : 0,
			locale: user.locale ?? null
		})
		.execute();
	await db
		.insertInto('account')
		.values({
			id: `${user.id}-credential`,
			accountId: user.id,
			providerId: 'credential',
			userId: user.id,
			accessToken: null,
			refreshToken: null,
			idToken: null,
			accessTokenExpiresAt: null,
			refreshTokenExpiresAt: null,
			scope: null,
			password: user.passwordHash,
			createdAt: timestamp(now),
			updatedAt: timestamp(now)
		})
		.execute();
}

export async function findPasswordHash(db: Kysely<Database>, userId: string): Promise<string | null> {
	const row = await db
		.selectFrom('account')
		.select('password')
		.where('userId', '=', userId)
		.where('providerId', '=', 'credential')
		.executeTakeFirst();
	return row?.password ?? null;
}

export async function setPasswordHash(
	db: Kysely<Database>,
	userId: string,
	passwordHash: string,
	now: Date
): Promise<void> {
	await db
		.updateTable('account')
		.set({ password: passwordHash, updatedAt: timestamp(now) })
		.where('userId', '=', userId)
		.where('providerId', '=', 'credential')
		.execute();
}

export async function setUserName(db: Kysely<Database>, userId: string, name: string, now: Date): Promise<void> {
	await db
		.updateTable('user')
		.set({ name, updatedAt: timestamp(now) })
		.where('id', '=', userId)
		.execute();
}

export async function setUserLocale(db: Kysely<Database>, userId: string, locale: string): Promise<void> {
	await db.updateTable('user').set({ locale }).where('id', '=', userId).execute();
}

/** Ends every session of the user at once (deactivation, "sign out everywhere", password change). */
export async function deleteSessionsOfUser(
	db: Kysely<Database>,
	userId: string,
	exceptSessionId?: string
): Promise<number> {
	const result = await db
		.deleteFrom('session')
		.where('userId', '=', userId)
		.$if(exceptSessionId !== undefined, (q) => q.where('id', '!=', exceptSessionId!))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}
