import type { Kysely } from 'kysely';
import {
	listNetworkMunicipalitiesByName,
	listOrganisationOptionRows,
	listTypes,
	typeLabel
} from '../directory/index.ts';
import type { Locale, ServiceContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { listHandlerCandidates } from './handlers-repository.ts';
import { ensureDefaultTopics, listTopics } from './settings-repository.ts';
import { topicLabel } from './settings-service.ts';

/**
 * What the consultation forms and the list's filters offer, shared by the services of the record,
 * the list and the anonymous form. No permission checks here: each service that shows these checks first.
 */

export async function topicLabels(db: Kysely<Database>, networkId: string, locale: Locale) {
	await ensureDefaultTopics(db, networkId);
	const topics = await listTopics(db, networkId);
	return topics.map((topic) => ({
		id: topic.id,
		label: topicLabel(topic, locale),
		hidden: topic.hidden,
		key: topic.key
	}));
}

export async function organisationTypeOptions(db: Kysely<Database>, networkId: string, locale: Locale) {
	const types = await listTypes(db, networkId);
	return types.map((type) => ({ id: type.id, label: typeLabel(type, locale), hidden: type.hidden }));
}

/**
 * What the forms offer: topics, the network's municipalities, organisation types, and (for staff)
 * the people a consultation can be assigned to. Shared by the staff, member and anonymous forms.
 */
export async function formOptionsFor(db: Kysely<Database>, networkId: string, locale: Locale) {
	const [topics, municipalities, organisationTypes] = await Promise.all([
		topicLabels(db, networkId, locale),
		listNetworkMunicipalitiesByName(db, networkId),
		organisationTypeOptions(db, networkId, locale)
	]);
	return {
		topics: topics.filter((t) => !t.hidden),
		municipalities,
		organisationTypes: organisationTypes.filter((t) => !t.hidden)
	};
}

/** Organisations a consultation can be referred to: the directory's active ones. */
export async function activeOrganisations(ctx: ServiceContext) {
	const rows = await listOrganisationOptionRows(ctx.db, ctx.network.id);
	return rows.filter((o) => o.active).map((o) => ({ id: o.id, name: o.name }));
}

export async function assigneeOptions(ctx: ServiceContext) {
	const candidates = await listHandlerCandidates(ctx.db, ctx.network.id);
	return candidates.filter((c) => c.role === 'coordinator' || c.flagged).map((c) => ({ id: c.userId, name: c.name }));
}
