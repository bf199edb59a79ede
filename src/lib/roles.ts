/**
 * The four roles of a network and their order (docs/product.md#roles): each can do what the
 * roles below it can. Shared by the server's permission checks and the navigation.
 */
export type Role = 'admin' | 'coordinator' | 'communicator' | 'member';

export const roles: Role[] = ['admin', 'coordinator', 'communicator', 'member'];

const rank: Record<Role, number> = { member: 1, communicator: 2, coordinator: 3, admin: 4 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
	return rank[role] >= rank[minimum];
}
