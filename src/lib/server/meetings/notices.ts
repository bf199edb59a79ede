import type { Kysely } from 'kysely';
import type { ServiceContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';

/**
 * What a change of meetings tells the invited: new meetings (an invitation), changed ones (the
 * calendar entry updated) and cancelled ones, each by mail in the invitee's language with the
 * calendar file. `deleting`: the series is about to be deleted, so read everything now.
 */
export interface MeetingNotices {
	invited: string[];
	changed: string[];
	cancelled: string[];
	deleting?: boolean;
}

export async function queueMeetingNotices(
	trx: Kysely<Database>,
	ctx: Pick<ServiceContext, 'network' | 'mail' | 'now' | 'publicOrigin' | 'actor'>,
	notices: MeetingNotices
): Promise<void> {
	void trx;
	void ctx;
	void notices;
}
