import { registerEncryptedColumns } from '../platform/encrypted-fields.ts';

/**
 * A meeting's minutes may speak of cases (anonymised): every revision is encrypted at rest like a
 * consultation's texts (decision 009). Loaded by the CLI for `keys rotate`.
 */
export const minutesRevisionColumns = registerEncryptedColumns({
	table: 'meeting_minutes_revision',
	idColumn: 'id',
	networkColumn: 'network_id',
	columns: ['body_encrypted']
});
