import { betterAuth, type BetterAuthOptions, type BetterAuthPlugin } from 'better-auth';
import { twoFactor } from 'better-auth/plugins';
import type { Kysely } from 'kysely';
import type { DialectName } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './password.ts';

/** 30 minutes without a request ends a session; 12 hours end it whatever happens. */
export const SESSION_IDLE_SECONDS = 30 * 60;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
export const RESET_TOKEN_SECONDS = 60 * 60;

/** Whether a session has reached the absolute limit, however active it has been. */
export function sessionOutlived(createdAt: Date, now: Date): boolean {
	return now.getTime() - createdAt.getTime() > SESSION_ABSOLUTE_MS;
}

export const SESSION_COOKIE_SECURE = '__Host-samverkan_session';
// Browsers refuse __Host- cookies without Secure, and Secure needs https: plain-http localhost
// (development, the quick start) gets a cookie without the prefix.
export const SESSION_COOKIE_PLAIN = 'samverkan_session';

export interface AuthSettings {
	db: Kysely<Database>;
	dialect: DialectName;
	secret: string;
	/** The origin the app is reached at, e.g. https://samverkan.example.org or http://localhost:3000. */
	baseURL: string;
	/** Queues the reset mail; better-auth hands over the user and the single-use token. */
	sendResetPassword?: (data: { user: { id: string; email: string; name: string }; token: string }) => Promise<void>;
	/** Extra plugins, e.g. SvelteKit's cookie bridge; they run after two-factor. */
	plugins?: BetterAuthPlugin[];
}

export function isSecureOrigin(baseURL: string): boolean {
	return baseURL.startsWith('https://');
}

export function sessionCookieName(baseURL: string): string {
	return isSecureOrigin(baseURL) ? SESSION_COOKIE_SECURE : SESSION_COOKIE_PLAIN;
}

/**
 * better-auth, configured for Samverkan: e-mail + password with argon2id, TOTP two-factor with
 * backup codes, server-side sessions in the database, no self sign-up (people join by invitation),
 * no HTTP API of its own (every call comes from our form actions).
 */
export function authOptions(settings: AuthSettings) {
	const secure = isSecureOrigin(settings.baseURL);
	return {
		appName: 'Samverkan',
		baseURL: settings.baseURL,
		secret: settings.secret,
		telemetry: { enabled: false },
		// Its warnings name failed sign-ins; our own audit log and logger record those without personal data.
		logger: { level: 'error' as const },
		// better-auth's adapter is typed for a schema-less Kysely; the tables are ours (0001-foundation).
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		database: { db: settings.db as Kysely<any>, type: settings.dialect, transaction: true },
		user: {
			additionalFields: {
				isInstanceAdmin: { type: 'boolean', required: false, defaultValue: false, input: false },
				locale: { type: 'string', required: false, input: false }
			}
		},
		emailAndPassword: {
			enabled: true,
			disableSignUp: true,
			minPasswordLength: PASSWORD_MIN_LENGTH,
			maxPasswordLength: PASSWORD_MAX_LENGTH,
			password: {
				hash: hashPassword,
				verify: ({ hash, password }: { hash: string; password: string }) => verifyPassword(hash, password)
			},
			resetPasswordTokenExpiresIn: RESET_TOKEN_SECONDS,
			revokeSessionsOnPasswordReset: true,
			sendResetPassword: settings.sendResetPassword
				? async ({ user, token }: { user: { id: string; email: string; name: string }; token: string }) =>
						settings.sendResetPassword!({ user, token })
				: undefined
		},
		session: {
			expiresIn: SESSION_IDLE_SECONDS,
			// Sliding expiry: each request after a minute pushes the end 30 minutes ahead.
			updateAge: 60,
			freshAge: 0,
			cookieCache: { enabled: false }
		},
		verification: { storeIdentifier: 'hashed' },
		rateLimit: { enabled: false },
		advanced: {
			useSecureCookies: false,
			cookiePrefix: 'samverkan',
			cookies: { session_token: { name: sessionCookieName(settings.baseURL) } },
			defaultCookieAttributes: { secure, httpOnly: true, sameSite: 'lax', path: '/' },
			ipAddress: { ipAddressHeaders: ['x-samverkan-client-address'], ipv6Subnet: 128 }
		},
		plugins: [
			twoFactor({
				issuer: 'Samverkan',
				backupCodeOptions: { amount: 10, length: 10 },
				twoFactorCookieMaxAge: 600
			}),
			...(settings.plugins ?? [])
		]
	} satisfies BetterAuthOptions;
}

export function createAuth(settings: AuthSettings) {
	return betterAuth(authOptions(settings));
}

export type Auth = ReturnType<typeof createAuth>;
