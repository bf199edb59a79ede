import type { Kysely } from 'kysely';
import type { Role } from '../../roles.ts';
import type { Auditor } from './audit.ts';
import type { Keyring } from './crypto.ts';
import type { Database } from './db/schema.ts';
import type { OutgoingMail } from './mail/outbox.ts';

export interface Actor {
	userId: string;
	email: string;
	name: string;
	isInstanceAdmin: boolean;
	twoFactorEnabled: boolean;
	sessionId: string | null;
	locale: string | null;
}

export interface NetworkRef {
	id: string;
	slug: string;
	name: string;
	country: 'SE' | 'NO';
	timeZone: string;
	defaultLocale: Locale;
	contactEmail: string;
	contactPhone: string | null;
	referencePrefix: string;
}

/**
 * A language the product speaks to someone in. Finnish only on the public pages and in the mails they
 * send (docs/decisions/019-public-languages.md); the signed-in app redirects it away.
 */
export type Locale = 'sv' | 'nb' | 'en' | 'fi';

/** Sends mail after the transaction that queued it commits. */
export interface Mailer {
	enqueue(db: Kysely<Database>, mail: OutgoingMail): Promise<number>;
	/** Tells the worker there is mail to send; call after commit. */
	flush(): void;
}

/**
 * Everything a service needs to act for someone: the database, who acts, in which network and
 * role, the time, the audit log and the mail outbox. Built by `requireContext` in routes, and by
 * factories in tests.
 */
export interface ServiceContext {
	db: Kysely<Database>;
	actor: Actor;
	network: NetworkRef;
	role: Role;
	now: Date;
	locale: Locale;
	audit: Auditor;
	mail: Mailer;
	/** The data keys for the encrypted free texts (decision 009). */
	keyring: Keyring;
	clientAddress: string | null;
	requestId: string | null;
	/** Where the installation is reached (ORIGIN), for the links that mails and calendar files carry. */
	publicOrigin: string;
}

/** A context without a network: the instance admin's pages and the actor's own account. */
export type ActorContext = Omit<ServiceContext, 'network' | 'role'>;

/**
 * What a public page (the anonymous form, event registration) runs with: no actor, but the network, the time, the keys, the outbox and
 * an audit log that records "someone from this address" (the address only, never what was typed).
 */
export interface PublicContext {
	db: Kysely<Database>;
	network: NetworkRef;
	now: Date;
	locale: Locale;
	keyring: Keyring;
	mail: Mailer;
	audit: Auditor;
	clientAddress: string | null;
	requestId: string | null;
	publicOrigin: string;
}
