import type { ServiceContext } from '../platform/context.ts';
import { allowPublished, PiiScanError, publicContacts, scan, type Finding } from '../pii/index.ts';

/**
 * The anonymity guard on the texts of team meetings (docs/product.md#consultations-anonymity-guard):
 * titles, places, agenda items and minutes are checked like every other stored text. The network's
 * own published contact details are let through (decision 016). It fails closed: a detector that
 * fails blocks the save with its own message, never passes as "no findings".
 */
export interface TextRefusal {
	error: 'error_meetings_pii_found' | 'error_meetings_pii_check_failed';
	field?: string;
	findings?: Finding[];
}

export async function checkTexts(
	ctx: Pick<ServiceContext, 'network'>,
	texts: Record<string, string | null | undefined>
): Promise<TextRefusal | null> {
	try {
		const allowed = allowPublished(publicContacts([ctx.network.contactPhone, ctx.network.contactEmail]));
		for (const [field, text] of Object.entries(texts)) {
			if (!text) continue;
			const { findings } = await scan(text);
			const left = allowed.allow ? findings.filter((finding) => !allowed.allow!(finding)) : findings;
			if (left.length) return { error: 'error_meetings_pii_found', field, findings: left };
		}
		return null;
	} catch (error) {
		if (error instanceof PiiScanError) return { error: 'error_meetings_pii_check_failed' };
		throw error;
	}
}
