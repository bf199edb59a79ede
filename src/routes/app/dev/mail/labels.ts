import { m } from '#lib/paraglide/messages.js';

type Status = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain';

export function statusLabel(status: Status): string {
	return {
		pending: m.devmail_status_pending,
		sending: m.devmail_status_sending,
		sent: m.devmail_status_sent,
		failed: m.devmail_status_failed,
		uncertain: m.devmail_status_uncertain
	}[status]();
}

/** Known kinds get a name; a module's new kind shows its code until it adds one. */
export function kindLabel(kind: string): string {
	if (kind === 'invitation') return m.devmail_kind_invitation();
	if (kind === 'password-reset') return m.devmail_kind_password_reset();
	return kind;
}
