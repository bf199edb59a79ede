import { listNetworkMunicipalities } from '#lib/server/directory/municipalities-service.ts';
import { listOrganisationTypes } from '#lib/server/directory/organisations-service.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';

/** Choices of the organisation form: the network's types (hidden ones only if already chosen) and municipalities. */
export async function organisationFormOptions(ctx: ServiceContext, currentTypeId?: string) {
	const [types, municipalities] = await Promise.all([listOrganisationTypes(ctx), listNetworkMunicipalities(ctx)]);
	return {
		types: types
			.filter((type) => !type.hidden || type.id === currentTypeId)
			.map((type) => ({ value: type.id, label: type.label })),
		municipalities: municipalities.map((mu) => ({ value: mu.id, label: mu.name })),
		country: ctx.network.country
	};
}
