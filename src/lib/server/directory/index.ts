/**
 * What other modules may read from the directory (docs/architecture.md): the network's
 * municipalities and organisation types, which their forms offer and their statistics count by,
 * and the shipped lists of every Swedish and Norwegian municipality, which the personal-data guard
 * knows by name. Each read takes the network it reads in; none writes.
 */
export { typeLabel } from './organisation-types.ts';
export { findType, listOrganisationOptionRows, listTypes } from './organisations-repository.ts';
export { listNetworkMunicipalities, type NetworkMunicipality } from './municipalities-repository.ts';
export {
	listNetworkMunicipalities as listNetworkMunicipalitiesByName,
	listMemberAffiliations,
	networkMunicipalityExists,
	organisationExists
} from './contacts-repository.ts';
export { noMunicipalities } from './data/no-municipalities.ts';
export { seMunicipalities } from './data/se-municipalities.ts';
