import { FieldDecryptionError, type Keyring } from '../platform/crypto.ts';
import { decryptColumn, registerEncryptedColumns } from '../platform/encrypted-fields.ts';

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

/** A stored text decrypted, or marked unreadable when it fails to authenticate. */
export function decryptOrNull(
	keyring: Keyring,
	spec: typeof consultationColumns | typeof consultationLogColumns,
	column: string,
	at: { networkId: string; recordId: string },
	stored: string | null
): { text: string | null; unreadable: boolean } {
	try {
		return { text: decryptColumn(keyring, spec, column, at, stored), unreadable: false };
	} catch (error) {
		// A value that fails to authenticate is shown as unreadable, never as some other text.
		if (error instanceof FieldDecryptionError) return { text: null, unreadable: true };
		throw error;
	}
}
