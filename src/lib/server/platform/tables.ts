import type { Generated } from 'kysely';
import type { Bool, Timestamp } from './db/column-types.ts';

/** Tables of the platform: sign-in (better-auth's schema), audit, outbox and throttling. */
export interface PlatformTables {
	user: {
		id: string;
		name: string;
		email: string;
		emailVerified: Bool;
		image: string | null;
		createdAt: Timestamp;
		updatedAt: Timestamp;
		twoFactorEnabled: Bool | null;
		isInstanceAdmin: Bool;
		locale: string | null;
	};
	session: {
		id: string;
		expiresAt: Timestamp;
		token: string;
		createdAt: Timestamp;
		updatedAt: Timestamp;
		ipAddress: string | null;
		userAgent: string | null;
		userId: string;
	};
	account: {
		id: string;
		accountId: string;
		providerId: string;
		userId: string;
		accessToken: string | null;
		refreshToken: string | null;
		idToken: string | null;
		accessTokenExpiresAt: Timestamp | null;
		refreshTokenExpiresAt: Timestamp | null;
		scope: string | null;
		password: string | null;
		createdAt: Timestamp;
		updatedAt: Timestamp;
	};
	verification: {
		id: string;
		identifier: string;
		value: string;
		expiresAt: Timestamp;
		createdAt: Timestamp;
		updatedAt: Timestamp;
	};
	twoFactor: {
		id: string;
		secret: string;
		backupCodes: string;
		userId: string;
		verified: Bool | null;
		failedVerificationCount: number | null;
		lockedUntil: Timestamp | null;
		/** Our column (0009): the last TOTP time step accepted, so a code works once. */
		lastAcceptedStep: number | null;
	};
	audit_event: {
		id: Generated<number>;
		occurred_at: Timestamp;
		network_id: string | null;
		actor_user_id: string | null;
		action: string;
		entity_type: string | null;
		entity_id: string | null;
		outcome: 'success' | 'failure' | 'denied';
		client_address: string | null;
		request_id: string | null;
	};
	outbox: {
		id: Generated<number>;
		network_id: string | null;
		kind: string;
		recipient: string;
		from_name: string | null;
		subject: string;
		text_body: string;
		html_body: string | null;
		attachments: string | null;
		status: 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain';
		attempts: number;
		next_attempt_at: Timestamp;
		locked_until: Timestamp | null;
		last_error: string | null;
		created_at: Timestamp;
		sent_at: Timestamp | null;
	};
	auth_throttle: {
		key: string;
		failures: number;
		window_started_at: Timestamp;
		locked_until: Timestamp | null;
	};
}
