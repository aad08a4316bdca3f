// The simulated network's public surface.
export { Network, type Delivery, type NetworkOptions, type NetworkStats } from './network.ts';
export { RELIABLE_LINK, checkLinkFaults, type LinkFaults } from './linkFaults.ts';
export { Partitions, linkKey, type PartitionSpec, type PartyId } from './partitions.ts';
