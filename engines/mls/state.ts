// What one MLS device keeps (device.ts runs the operations on it): the retention settings, its key
// packages, its rooms with their pending commits and the commits it applied, and the ts-mls client
// configuration built from them (restored with the state, stateCodec.ts).
import {
  defaultKeyPackageEqualityConfig,
  defaultLifetimeConfig,
  defaultPaddingConfig,
  type AuthenticationService,
  type CiphersuiteImpl,
  type ClientConfig,
  type ClientState,
  type KeyPackage,
  type PrivateKeyPackage,
} from 'ts-mls';
import type { PeerAddress } from '../contract.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { addressOf } from './members.ts';
import { seededSuite } from './suite.ts';

/** How long a device keeps keys for (ts-mls's KeyRetentionConfig, chosen by the engine, restored with the state). */
export interface Retention {
  /** Past epochs whose secret trees are kept for late application messages; at least 1 (ts-mls keeps every epoch when told 0). */
  readonly retainKeysForEpochs: number;
  /** Skipped message keys kept per sender and epoch for out-of-order delivery. */
  readonly retainKeysForGenerations: number;
  /** How far ahead of a sender's chain a message may be. */
  readonly maximumForwardRatchetSteps: number;
}

export const DEFAULT_RETENTION: Retention = { retainKeysForEpochs: 2, retainKeysForGenerations: 10, maximumForwardRatchetSteps: 200 };

/** Unused key packages a device keeps; beyond this the oldest is deleted with its private keys. */
export const MAX_KEY_PACKAGES = 64;
/** Commits remembered per room (by epoch) to tell a replay from a fork. */
export const APPLIED_KEPT = 64;

export function checkRetention(r: Retention): void {
  const whole = (n: number, min: number) => Number.isSafeInteger(n) && n >= min;
  if (!whole(r.retainKeysForEpochs, 1)) throw new Error(`mls: retainKeysForEpochs must be an integer >= 1 (ts-mls 1.6.4 keeps every epoch when given 0), got ${r.retainKeysForEpochs}`);
  if (!whole(r.retainKeysForGenerations, 0)) throw new Error(`mls: retainKeysForGenerations must be an integer >= 0, got ${r.retainKeysForGenerations}`);
  if (!whole(r.maximumForwardRatchetSteps, 1)) throw new Error(`mls: maximumForwardRatchetSteps must be an integer >= 1, got ${r.maximumForwardRatchetSteps}`);
}

export interface HeldKeyPackage {
  readonly publicPackage: KeyPackage;
  readonly privatePackage: PrivateKeyPackage;
  readonly bytes: Uint8Array;
}

export interface PendingCommit {
  readonly commit: Uint8Array;
  /** The state the commit leads to, merged on confirmation. */
  readonly state: ClientState;
  readonly welcome: Uint8Array | undefined;
}

export interface Room {
  readonly state: ClientState;
  readonly pending: PendingCommit | undefined;
  /** Epoch -> SHA-256 of the commit this device applied in it (the commit that left it). */
  readonly applied: ReadonlyMap<number, Uint8Array>;
}

export interface Device {
  readonly address: PeerAddress;
  readonly retention: Retention;
  readonly signKey: Uint8Array;
  readonly publicKey: Uint8Array;
  /** By KeyPackageRef (hex), oldest first. */
  readonly keyPackages: Map<string, HeldKeyPackage>;
  readonly rooms: Map<string, Room>;
  /** The device's suite: every random byte from its seed. Not part of the state. */
  suite: CiphersuiteImpl;
  readonly config: ClientConfig;
}

/** The adapter's authentication service: a credential must name an address, in the canonical form. */
const authService: AuthenticationService = {
  validateCredential: async (credential) => addressOf(credential) !== undefined,
};

export function clientConfig(r: Retention): ClientConfig {
  return {
    keyRetentionConfig: { ...r },
    lifetimeConfig: defaultLifetimeConfig,
    keyPackageEqualityConfig: defaultKeyPackageEqualityConfig,
    paddingConfig: defaultPaddingConfig,
    authService,
  };
}

export function suiteFor(seed: Uint8Array): CiphersuiteImpl {
  return seededSuite(createDrbg(seed));
}
