/**
 * What other modules may read from the networks module besides its services
 * (docs/architecture.md): the open networks, which the scheduled jobs of other modules walk
 * through one network at a time, and a network's members, whom team meetings invite.
 */
export { findMember, findMemberByUser, listMembers, listOpenNetworks, type MemberRow } from './repository.ts';
