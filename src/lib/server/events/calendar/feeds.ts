import type { PublicContext } from '../../platform/context.ts';
import { failure, ok, type Result } from '../../platform/result.ts';
import { listSessions } from '../event-parts-repository.ts';
import { findEvent, listEvents } from '../events-repository.ts';
import { eventFile, publicFeed, type CalendarFile } from './ics.ts';
import { calendarEventOf } from './invites.ts';

/** The public calendar files: no video links, since anyone may fetch them. */

/** `/{network}/events.ics`: public events, published and cancelled (so subscribers drop them), no video links. */
export async function publicFeedFile(pub: PublicContext): Promise<CalendarFile> {
	const { db, network } = pub;
	const [published, cancelled] = await Promise.all([
		listEvents(db, network.id, { status: 'published', visibility: 'public' }),
		listEvents(db, network.id, { status: 'cancelled', visibility: 'public' })
	]);
	const events = [...published, ...cancelled].sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
	const withSessions = await Promise.all(
		events.map(async (e) =>
			calendarEventOf(network, e, await listSessions(db, network.id, e.id), pub.publicOrigin, { videoLink: null })
		)
	);
	return publicFeed({ slug: network.slug, name: network.name }, withSessions);
}

/** One public event's `.ics`, in the visitor's language; not found for drafts and members-only events. */
export async function publicEventFile(pub: PublicContext, eventId: string): Promise<Result<CalendarFile>> {
	const { db, network } = pub;
	const event = await findEvent(db, network.id, eventId);
	if (!event || event.visibility !== 'public' || event.status === 'draft') return failure('error_events_not_found');
	const sessions = await listSessions(db, network.id, eventId);
	return ok(
		eventFile(calendarEventOf(network, event, sessions, pub.publicOrigin, { videoLink: null, locale: pub.locale }))
	);
}
