// What every kind of simulated phone may use of the world (simDevice.ts, shipped/phone.ts,
// contractPhone.ts): its clock, network, server, crypto, the variant's flags and the run's log — no
// more, and no import of the World itself.
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import type { ProtocolFlags } from '../../protocol/variant.ts';
import type { Engine } from '../engine/engine.ts';
import type { RunLog } from '../log/runLog.ts';
import type { Network } from '../network/network.ts';
import type { Server, ServerWire } from '../server/index.ts';
import type { StorageEngine } from '../storage/engine.ts';

export interface WorldPorts {
  readonly engine: Engine;
  readonly network: Network<ServerWire>;
  readonly server: Server;
  readonly provider: CryptoProvider;
  readonly flags: ProtocolFlags;
  /** The run's event log: the one record the judges read. */
  readonly log: RunLog;
  /** Each party's genuine identity, set when its phone is made (a live index of the log). */
  readonly identities: Map<string, IdentityKey>;
  /** `device>peer` pairs where the device's user was shown a key change or a failed verification for the peer. */
  readonly warned: Set<string>;
  /** Check on every refusal that the device state is byte-for-byte unchanged (SEC-INTEGRITY). */
  readonly checkAtomicity: boolean;
  /** A fresh storage medium for a phone's device store; default: memory. */
  readonly storage?: (owner: string) => StorageEngine;
}
