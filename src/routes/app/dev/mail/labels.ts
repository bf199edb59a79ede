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

const messages = m as unknown as Record<string, (() => string) | undefined>;

/**
 * A mail's kind in words: `event-registered` has the catalogue key `devmail_kind_event_registered`.
 * A test (src/lib/server/audit-vocabulary.test.ts) fails for a kind without one; until then the
 * code is shown rather than nothing.
 */
export function kindLabel(kind: string): string {
	return messages[`devmail_kind_${kind.replace(/-/g, '_')}`]?.() ?? kind;
}

/** "programme.pdf (12 kB)": what a person needs to know of an attachment without opening it. */
export function attachmentLabel(attachment: { filename: string; size: number }, locale: string): string {
	const kilobytes = Math.max(1, Math.round(attachment.size / 1024));
	return `${attachment.filename} (${new Intl.NumberFormat(locale).format(kilobytes)} kB)`;
}
