import { createHash, randomBytes } from 'node:crypto';
import { findMemberByUser } from '../networks/index.ts';
import { addressKey, lockState, recordFailure, type ThrottlePolicy } from '../platform/auth/throttle.ts';
import type { PublicContext, ServiceContext } from '../platform/context.ts';
import { can, PermissionDenied, requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import { monthsBefore, startOfDayIn, todayIn } from '../platform/time.ts';
import * as calendar from './calendar-repository.ts';
import { meetingFile, memberFeed, type CalendarFile } from './ics.ts';
import { meetingLink, meetingMailLocale } from './mail.ts';
import { HORIZON_MONTHS } from './model.ts';

/**
 * Team meetings in the members' own calendars (docs/decisions/022-meeting-calendars.md): a
 * personal feed at a secret address, and one meeting's file to download.
 *
 * The feed's address carries a random token; only its SHA-256 is stored, so a copy of the database
 * cannot be used to read anyone's calendar, and looking it up by hash takes the same time whatever
 * part of a guess is right. The token is shown once, when it is made; replacing it makes a new
 * one and the old address stops working at once, as it does when the feed is turned off.
 */

/** How far back the feed reaches: the past few months stay in a subscribed calendar. */
export const FEED_MONTHS_BACK = 3;

/** Wrong feed addresses from one client address before it is turned away for a while. */
export const feedGuessPolicy: ThrottlePolicy = { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** 32 random bytes, URL-safe: 256 bits nobody can guess. */
const newToken = () => randomBytes(32).toString('base64url');

/** The feed's address for a token; without a language prefix, since the feed speaks the member's own. */
export function feedUrl(publicOrigin: string, slug: string, token: string): string {
	return `${publicOrigin.replace(/\/+$/, '')}/${encodeURIComponent(slug)}/meetings/feed/${token}.ics`;
}

/**
 * The member behind the context. Communicators are never invited to meetings (decision 021), so
 * they have no feed; anyone else in the network has one to make.
 */
async function feedOwner(ctx: ServiceContext): Promise<string> {
	await requirePermission(ctx, 'meetings.read');
	const member = await findMemberByUser(ctx.db, ctx.network.id, ctx.actor.userId);
	if (!member || !member.active || ctx.role === 'communicator') {
		await ctx.audit.record('permission.meetings.feed', null, 'denied');
		throw new PermissionDenied('meetings.feed');
	}
	return member.membershipId;
}

/** Whether the member has a feed, and since when (the token itself is never shown again). */
export async function feedStatus(ctx: ServiceContext): Promise<{ createdAt: Date | null }> {
	const membershipId = await feedOwner(ctx);
	const feed = await calendar.findFeed(ctx.db, ctx.network.id, membershipId);
	return { createdAt: feed?.createdAt ?? null };
}

/**
 * Makes the member's feed, or replaces its address; returns the address, to be shown once. The
 * old address, if any, stops working in the same transaction.
 */
export async function createFeed(ctx: ServiceContext): Promise<{ url: string; replaced: boolean }> {
	const membershipId = await feedOwner(ctx);
	const token = newToken();
	const replaced = await ctx.db.transaction().execute(async (trx) => {
		const existed = (await calendar.findFeed(trx, ctx.network.id, membershipId)) !== undefined;
		await calendar.saveFeed(trx, ctx.network.id, membershipId, hashOf(token), ctx.now);
		await ctx.audit.record(
			existed ? 'meetings.feed_replaced' : 'meetings.feed_created',
			{ type: 'membership', id: membershipId },
			'success',
			trx
		);
		return existed;
	});
	return { url: feedUrl(ctx.publicOrigin, ctx.network.slug, token), replaced };
}

/** Turns the member's feed off: its address answers "not found" from now on. */
export async function revokeFeed(ctx: ServiceContext): Promise<Result<void>> {
	const membershipId = await feedOwner(ctx);
	return ctx.db.transaction().execute(async (trx) => {
		if (!(await calendar.deleteFeed(trx, ctx.network.id, membershipId))) return failure('error_meetings_feed_none');
		await ctx.audit.record('meetings.feed_revoked', { type: 'membership', id: membershipId }, 'success', trx);
		return ok(undefined);
	});
}

export type FeedAnswer = { ok: true; file: CalendarFile } | { ok: false; status: 404 | 429 };

/**
 * The feed behind a token, for calendar apps that fetch it without signing in: the meetings the
 * member is invited to from a few months back to the horizon, cancelled ones marked so, with the
 * video links (the address is the member's own secret). An unknown, replaced or turned-off token
 * and a deactivated member all answer the same "not found"; a client address that keeps guessing
 * is turned away for a while.
 */
export async function feedByToken(pub: PublicContext, token: string): Promise<FeedAnswer> {
	const key = addressKey(pub.clientAddress, 'meetings-feed');
	if ((await lockState(pub.db, [key], pub.now)).locked) return { ok: false, status: 429 };
	const owner = /^[A-Za-z0-9_-]{43}$/.test(token)
		? await calendar.findFeedByHash(pub.db, pub.network.id, hashOf(token))
		: undefined;
	if (!owner) {
		await recordFailure(pub.db, key, feedGuessPolicy, pub.now);
		return { ok: false, status: 404 };
	}
	const today = todayIn(pub.network.timeZone, pub.now);
	const from = startOfDayIn(monthsBefore(today, FEED_MONTHS_BACK), pub.network.timeZone);
	const to = startOfDayIn(monthsBefore(today, -(HORIZON_MONTHS + 1)), pub.network.timeZone);
	const locale = meetingMailLocale(owner.locale, pub.network.defaultLocale);
	const rows = await calendar.invitedMeetingsOf(pub.db, pub.network.id, owner.membershipId, from, to);
	const meetings = rows.map((row) => ({
		...row,
		url: meetingLink(pub.publicOrigin, pub.network.slug, row.id, locale)
	}));
	return { ok: true, file: memberFeed(pub.network, meetings, locale) };
}

/**
 * One meeting's calendar file, for the invited and for coordinators; the video link only for the
 * invited. Anyone else gets "not found", as for a meeting of another network.
 */
export async function meetingCalendarFile(ctx: ServiceContext, meetingId: string): Promise<Result<CalendarFile>> {
	await requirePermission(ctx, 'meetings.read');
	const [row] = await calendar.meetingsByIds(ctx.db, ctx.network.id, [meetingId]);
	if (!row) return failure('error_not_found');
	const member = await findMemberByUser(ctx.db, ctx.network.id, ctx.actor.userId);
	const invited =
		member !== undefined &&
		member.active &&
		(await calendar.isInvited(ctx.db, ctx.network.id, meetingId, member.membershipId));
	if (!invited && !can(ctx, 'meetings.manage')) return failure('error_not_found');
	const locale = meetingMailLocale(ctx.locale, ctx.network.defaultLocale);
	return ok(
		meetingFile(
			ctx.network,
			{
				...row,
				videoLink: invited ? row.videoLink : null,
				url: meetingLink(ctx.publicOrigin, ctx.network.slug, row.id, locale)
			},
			locale
		)
	);
}
