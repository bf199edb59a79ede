import type { Role } from '../../roles.ts';
import type { Bool, Timestamp } from '../platform/db/column-types.ts';

export type Country = 'SE' | 'NO';
export type NetworkTextKind = 'description' | 'contact' | 'accessibility' | 'privacy';

export interface NetworkTables {
	network: {
		id: string;
		slug: string;
		name: string;
		country: Country;
		time_zone: string;
		default_locale: string;
		contact_email: string;
		contact_phone: string | null;
		reference_prefix: string;
		oidc_issuer: string | null;
		oidc_client_id: string | null;
		oidc_client_secret_encrypted: string | null;
		/** The network's own quick-exit site (https), or null for the neutral site of the visitor's language. */
		quick_exit_url: string | null;
		created_at: Timestamp;
		closed_at: Timestamp | null;
	};
	network_text: {
		network_id: string;
		kind: NetworkTextKind;
		locale: string;
		body: string;
		updated_at: Timestamp;
		updated_by: string | null;
	};
	membership: {
		id: string;
		network_id: string;
		user_id: string;
		role: Role;
		active: Bool;
		created_at: Timestamp;
		deactivated_at: Timestamp | null;
	};
	invitation: {
		id: string;
		network_id: string;
		email: string;
		role: Role;
		token_hash: string;
		invited_by: string | null;
		created_at: Timestamp;
		expires_at: Timestamp;
		accepted_at: Timestamp | null;
		revoked_at: Timestamp | null;
	};
}
