import type { PublicContext } from '../../platform/context.ts';
import { failure, ok, type Result } from '../../platform/result.ts';
import { listSessions } from '../event-parts-repository.ts';
import { findEvent } from '../events-repository.ts';
import { asLocale, hashToken } from '../registration/links.ts';
import { findRegistrationByTokenHash } from '../registrations-repository.ts';
import { attendanceCertificate, type CertificateFile } from './certificate.ts';

/** The attendance certificate of the personal page, in the registrant's language; only once attended. */
export async function certificateByToken(pub: PublicContext, token: string): Promise<Result<CertificateFile>> {
	const registration = await findRegistrationByTokenHash(pub.db, pub.network.id, hashToken(token));
	if (!registration) return failure('error_events_registration_not_found');
	if (registration.status !== 'attended') return failure('error_not_found');
	const event = await findEvent(pub.db, pub.network.id, registration.eventId);
	if (!event) return failure('error_events_registration_not_found');
	const sessions = await listSessions(pub.db, pub.network.id, event.id);
	const file = await attendanceCertificate({
		locale: asLocale(registration.locale, pub.network.defaultLocale),
		participantName: registration.name,
		eventTitle: event.title,
		networkName: pub.network.name,
		timeZone: pub.network.timeZone,
		sessions: (sessions.length ? sessions : [event]).map((s) => ({ start: s.startAt, end: s.endAt })),
		issuedAt: pub.now,
		reference: registration.id.slice(0, 8).toUpperCase()
	});
	return ok(file);
}
