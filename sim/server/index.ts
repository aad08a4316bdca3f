// The simulated server's public surface.
export { Server, DEFAULT_BACKUP_INTERVAL_MS, DEFAULT_REDELIVERY_MIN_MS } from './server.ts';
export { SERVER_PARTY } from './types.ts';
export type {
  ContentRecord,
  ContentSource,
  FromServer,
  KeyRecord,
  MetadataRecord,
  ServerLimits,
  ServerMode,
  ServerOptions,
  ServerSeizure,
  ServerView,
  ServerWire,
  Target,
  ToServer,
} from './types.ts';
export { ENVELOPE_KINDS, checkEnvelope, decodeStoredEnvelope, encodeStoredEnvelope, sizeBucket, type Envelope, type EnvelopeKind, type StoredEnvelope } from './envelope.ts';
export type { DirectoryEntry, DirectoryPublish, DirectoryRefill, FetchedBundle, PreKey } from './directoryEntry.ts';
export type { ArchivedItem, LabelledBytes } from './byteArchive.ts';
export { flipBits, envelopeMatches } from './adversaryRules.ts';
export { warrantView } from './warrantView.ts';
