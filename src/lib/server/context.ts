import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { app } from './app.ts';
import { createAuditor, recordAudit } from './platform/audit.ts';
import { dataKeyring } from './platform/data-keys.ts';
import type { PublicContext } from './platform/context.ts';
import type { Actor, ActorContext, Locale, ServiceContext } from './platform/context.ts';
import { roleAtLeast, roleRequiresTwoFactor } from './platform/permissions.ts';
import { findMemberByUser, findOpenNetworkBySlug } from './networks/repository.ts';
import type { Role } from '../roles.ts';

type Event = Pick<RequestEvent, 'locals' | 'params' | 'url' | 'route'>;

function signInRedirect(event: Event): never {
	const next = event.url.pathname + event.url.search;
	redirect(303, `${localizedPath('/login', event.locals.locale)}?next=${encodeURIComponent(next)}`);
}

/** The signed-in person, or a redirect to sign-in that comes back here afterwards. */
export function requireUser(event: Event): Actor {
	if (!event.locals.user) signInRedirect(event);
	return event.locals.user;
}

function baseContext(event: Event, actor: Actor, networkId: string | null): ActorContext {
	const { database, mailer, config, publicOrigin } = app();
	const db = database.db;
	return {
		db,
		actor,
		now: new Date(),
		locale: event.locals.locale as Locale,
		audit: createAuditor(db, {
			networkId,
			actorUserId: actor.userId,
			clientAddress: event.locals.clientAddress,
			requestId: event.locals.requestId
		}),
		mail: mailer,
		// Read when a service first needs it: most requests encrypt nothing.
		get keyring() {
			return dataKeyring(config);
		},
		clientAddress: event.locals.clientAddress,
		requestId: event.locals.requestId,
		publicOrigin
	};
}

/**
 * The dev mailbox: the instance admin reads the outbox on an installation without SMTP_URL. Once
 * mail really leaves, the mailbox is closed: it would show other networks' invitation and reset
 * links to someone who is not their member.
 */
export function requireDevMailbox(event: Event): ActorContext {
	const ctx = requireActorContext(event, { instanceAdmin: true });
	if (app().config.SMTP_URL) error(404, { message: 'error_not_found' });
	return ctx;
}

/** The actor's own context (their account, instance administration). */
export function requireActorContext(event: Event, options: { instanceAdmin?: boolean } = {}): ActorContext {
	const actor = requireUser(event);
	if (options.instanceAdmin) {
		if (!actor.isInstanceAdmin) error(403, { message: 'error_forbidden' });
		if (!actor.twoFactorEnabled)
			redirect(303, `${localizedPath('/account/two-factor', event.locals.locale)}?required=1`);
	}
	return baseContext(event, actor, null);
}

/**
 * Who acts, in which network, with which role — or the right refusal:
 * not signed in → sign-in; not an active member (or no such network) → 404, the same answer for
 * both so ids and slugs of other networks reveal nothing; role too low → 403; admin or coordinator
 * without two-factor → enrolment first.
 */
export async function requireContext(event: Event, options: { role?: Role } = {}): Promise<ServiceContext> {
	const actor = requireUser(event);
	const slug = event.params.network;
	if (!slug) throw new Error('requireContext needs a [network] route parameter');
	const db = app().database.db;
	const network = await findOpenNetworkBySlug(db, slug);
	const member = network ? await findMemberByUser(db, network.id, actor.userId) : undefined;
	if (!network || !member || !member.active) error(404, { message: 'error_not_found' });
	if (roleRequiresTwoFactor(member.role) && !actor.twoFactorEnabled) {
		redirect(303, `${localizedPath('/account/two-factor', event.locals.locale)}?required=1`);
	}
	if (options.role && !roleAtLeast(member.role, options.role)) {
		await recordAudit(db, {
			action: `route.${event.route.id ?? 'unknown'}`,
			networkId: network.id,
			actorUserId: actor.userId,
			outcome: 'denied',
			clientAddress: event.locals.clientAddress,
			requestId: event.locals.requestId
		});
		error(403, { message: 'error_forbidden' });
	}
	return { ...baseContext(event, actor, network.id), network, role: member.role };
}

/**
 * The context of a public form (the anonymous question): the network by its slug, no actor. Its
 * audit log records what happened to which consultation, but neither the client address nor the
 * request (whose id joins the request log, which has the address). The address is still there for
 * the rate limits, which keep it only as a hash. 404 for a closed or unknown network.
 */
export async function requirePublicContext(event: Event): Promise<PublicContext> {
	const slug = event.params.network;
	if (!slug) throw new Error('requirePublicContext needs a [network] route parameter');
	const pub = await publicContextFor(slug, {
		locale: event.locals.locale as Locale,
		clientAddress: event.locals.clientAddress,
		requestId: event.locals.requestId
	});
	if (!pub) error(404, { message: 'error_not_found' });
	return pub;
}

/**
 * The public context of a network by its slug, for callers outside SvelteKit's request handling
 * (the front door); undefined for a closed or unknown network.
 */
export async function publicContextFor(
	slug: string,
	request: { locale: Locale; clientAddress: string | null; requestId: string }
): Promise<PublicContext | undefined> {
	const { database, mailer, config, publicOrigin } = app();
	const db = database.db;
	const network = await findOpenNetworkBySlug(db, slug.toLowerCase());
	if (!network) return undefined;
	return {
		db,
		network,
		now: new Date(),
		locale: request.locale,
		get keyring() {
			return dataKeyring(config);
		},
		mail: mailer,
		// No client address in the audit log: it would tie an anonymous asker to their question.
		audit: createAuditor(db, { networkId: network.id, actorUserId: null, clientAddress: null, requestId: null }),
		clientAddress: request.clientAddress,
		requestId: request.requestId,
		publicOrigin
	};
}
