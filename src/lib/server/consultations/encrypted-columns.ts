import { registerEncryptedColumns } from '../platform/encrypted-fields.ts';

/**
 * The consultation's free texts (docs/product.md#consultations-protected-texts): the question, the answer to the asker and an anonymous asker's
 * contact, and the text of each log entry. Loaded by the CLI for `keys rotate`.
 */
export const consultationColumns = registerEncryptedColumns({
	table: 'consultation',
	idColumn: 'id',
	networkColumn: 'network_id',
	columns: ['question_encrypted', 'answer_encrypted', 'contact_encrypted']
});

export const consultationLogColumns = registerEncryptedColumns({
	table: 'consultation_log',
	idColumn: 'id',
	networkColumn: 'network_id',
	columns: ['text_encrypted']
});
