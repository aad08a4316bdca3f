// The simulated server's public surface.
export { Server } from './server.ts';
export { SERVER_PARTY } from './types.ts';
export type {
  ServerMode,
  ServerWire,
} from './types.ts';
export { decodeStoredEnvelope, sizeBucket, type Envelope } from './envelope.ts';
export type { DirectoryPublish, FetchedBundle, PreKey } from './directoryEntry.ts';
export { warrantView } from './warrantView.ts';
