// Preloaded into the CLI by cli-keys.test.ts (node --import): registers the test's own table the way
// a module's src/lib/server/<module>/encrypted-columns.ts does.
import { registerEncryptedColumns } from '#lib/server/platform/encrypted-fields.ts';

export const probeColumns = registerEncryptedColumns({
	table: 'cli_encrypted_probe',
	idColumn: 'id',
	networkColumn: 'network_id',
	columns: ['question_encrypted']
});
