import type { Bool, Timestamp } from '../platform/db/column-types.ts';

export type OrganisationScope = 'municipal' | 'regional' | 'national';
export type RepresentativeKind = 'primary' | 'deputy';
export type ChecklistStatus = 'missing' | 'in_progress' | 'in_place';

/** Kysely table types of the directory (migration 0002-directory). */
export interface DirectoryTables {
	municipality: {
		id: string;
		country: 'SE' | 'NO';
		code: string;
		name: string;
		county_code: string;
		county_name: string;
	};
	network_municipality: {
		network_id: string;
		municipality_id: string;
		participating: Bool;
		joined_on: string | null;
		created_at: Timestamp;
	};
	organisation_type: {
		id: string;
		network_id: string;
		key: string | null;
		name: string | null;
		hidden: Bool;
		/** Expected in every municipality: coverage lists it as missing where absent (decision 018). */
		expected: Bool;
		sort_order: number;
		created_at: Timestamp;
	};
	organisation: {
		id: string;
		network_id: string;
		name: string;
		type_id: string;
		municipality_id: string | null;
		scope: OrganisationScope;
		visiting_address: string | null;
		switchboard: string | null;
		email: string | null;
		website: string | null;
		notes: string | null;
		active: Bool;
		created_at: Timestamp;
		updated_at: Timestamp;
	};
	contact: {
		id: string;
		network_id: string;
		name: string;
		organisation_id: string;
		function: string | null;
		phone: string | null;
		email: string | null;
		member_user_id: string | null;
		last_verified_on: string | null;
		notes: string | null;
		active: Bool;
		created_at: Timestamp;
		updated_at: Timestamp;
	};
	representative: {
		network_id: string;
		municipality_id: string;
		contact_id: string;
		kind: RepresentativeKind;
		created_at: Timestamp;
	};
	checklist_item: {
		id: string;
		network_id: string;
		key: string | null;
		label: string | null;
		hidden: Bool;
		sort_order: number;
		created_at: Timestamp;
	};
	checklist_status: {
		network_id: string;
		municipality_id: string;
		item_id: string;
		status: ChecklistStatus;
		owner_user_id: string | null;
		checked_on: string | null;
		note: string | null;
		link: string | null;
		updated_at: Timestamp;
		updated_by: string | null;
	};
}
