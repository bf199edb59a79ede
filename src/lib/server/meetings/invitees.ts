import type { Kysely } from 'kysely';
import { listMembers, type MemberRow } from '../networks/index.ts';
import type { Database } from '../platform/db/schema.ts';
import { invitableRoles, type InvitableRole } from './model.ts';
import type { SeriesRecord } from './series-repository.ts';

/**
 * Who a series invites: the network's active members of the invitable roles, narrowed to chosen
 * roles or chosen people. Communicators are never invited (docs/decisions/021-team-meetings.md).
 */
export function inviteesOf(
	series: Pick<SeriesRecord, 'audience' | 'audienceRoles'>,
	people: string[],
	members: MemberRow[]
): string[] {
	const chosen = new Set(people);
	return members
		.filter((member) => member.active && (invitableRoles as readonly string[]).includes(member.role))
		.filter((member) =>
			series.audience === 'all'
				? true
				: series.audience === 'roles'
					? series.audienceRoles.includes(member.role as InvitableRole)
					: chosen.has(member.membershipId)
		)
		.map((member) => member.membershipId);
}

/** The network's members who can be chosen one by one: active, of an invitable role. */
export async function invitableMembers(db: Kysely<Database>, networkId: string): Promise<MemberRow[]> {
	return (await listMembers(db, networkId)).filter(
		(member) => member.active && (invitableRoles as readonly string[]).includes(member.role)
	);
}
