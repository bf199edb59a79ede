import { requireContext } from '#lib/server/context.ts';
import { listNetworkMunicipalities } from '#lib/server/directory/municipalities-service.ts';
import { formatPhone } from '#lib/server/directory/phone.ts';
import { browseOrganisations, organisationTypeLabels } from '#lib/server/directory/organisations-service.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const params = event.url.searchParams;
	const filters = {
		q: (params.get('q') ?? '').trim().slice(0, 100),
		typeId: params.get('type') ?? '',
		municipality: params.get('municipality') ?? '',
		active: params.get('active') ?? 'active'
	};
	const [list, types, municipalities] = await Promise.all([
		browseOrganisations(
			ctx,
			{
				q: filters.q || null,
				typeId: filters.typeId || null,
				municipality: filters.municipality || null,
				active: filters.active === 'all' ? null : filters.active !== 'inactive'
			},
			Number(params.get('page') ?? 1)
		),
		organisationTypeLabels(ctx),
		listNetworkMunicipalities(ctx)
	]);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name },
		filters,
		canEdit: can(ctx, 'directory.edit'),
		types: Object.entries(types).map(([id, type]) => ({ id, label: type.label, hidden: type.hidden })),
		municipalities: municipalities.map((mu) => ({ id: mu.id, name: mu.name })),
		total: list.total,
		page: list.page,
		pages: list.pages,
		organisations: list.organisations.map((o) => ({
			id: o.id,
			name: o.name,
			type: types[o.typeId]?.label ?? '',
			scope: o.scope,
			municipalityName: o.municipalityName,
			switchboard: formatPhone(o.switchboard, ctx.network.country),
			switchboardE164: o.switchboard,
			active: o.active
		}))
	};
};
