import { registerEncryptedColumns } from '../platform/encrypted-fields.ts';

/**
 * Free-text answers may speak of cases and people (anonymised, and checked by the guard): they are
 * encrypted at rest like a consultation's texts (decision 009). Loaded by the CLI for `keys rotate`.
 */
export const surveyTextColumns = registerEncryptedColumns({
	table: 'survey_text',
	idColumn: 'id',
	networkColumn: 'network_id',
	columns: ['body_encrypted']
});
