/**
 * What other modules may read from the networks module besides its services
 * (docs/architecture.md): the open networks, which the scheduled jobs of other modules walk
 * through one network at a time.
 */
export { listOpenNetworks } from './repository.ts';
