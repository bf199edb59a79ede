import type { DemoSignIn } from './seed.ts';

/**
 * The sign-ins of the demo as a plain-text table for the terminal (operators' output, in English
 * like the rest of the CLI; the app itself speaks the user's language).
 */
export function formatSignIns(signIns: DemoSignIn[], origin: string): string {
	const roleLabel: Record<DemoSignIn['role'], string> = {
		'instance-admin': 'instance admin',
		admin: 'admin',
		coordinator: 'coordinator',
		communicator: 'communicator',
		member: 'member'
	};
	const rows = signIns.map((s) => [s.network ?? '—', roleLabel[s.role], s.name, s.email, s.totpSecret ?? '—']);
	const header = ['network', 'role', 'name', 'e-mail', 'TOTP secret (authenticator app)'];
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)));
	const line = (cells: string[]) =>
		cells
			.map((c, i) => c + ' '.repeat(widths[i] - [...c].length))
			.join('  ')
			.trimEnd();
	const password = signIns[0]?.password ?? '';
	const uris = signIns.filter((s) => s.totpUri).map((s) => `  ${s.email}\n    ${s.totpUri}`);
	return [
		`Demo of Samverkan at ${origin}`,
		'',
		`Every demo account has the password:  ${password}`,
		'Admins and coordinators sign in with a code from an authenticator app too: add the secret below to',
		'one (or import the otpauth:// link), or print the current code with  npm run -s cli -- totp <secret>',
		'',
		line(header),
		line(widths.map((w) => '-'.repeat(w))),
		...rows.map(line),
		'',
		'Authenticator links:',
		...uris
	].join('\n');
}
