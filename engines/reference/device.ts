// One reference device behind the contract's EngineDevice: the one owner of its live state. Each call
// runs a pure step on the state and adopts the result only on success, then wipes the secrets the
// step spent (docs/conventions.md rules 2 and 3); a refusal adopts nothing, so the state is unchanged.
import { wipe } from '../../protocol/bytes.ts';
import { encodeIdentityKey } from '../../protocol/identity/identityKey.ts';
import { nativeProvider } from '../../protocol/crypto/native.ts';
import { UsageError } from '../../protocol/errors.ts';
import { requireNowMs, type RatchetContext } from '../../protocol/ratchet/context.ts';
import type { Rng } from '../../protocol/random/rng.ts';
import { REFERENCE_FLAGS } from '../../protocol/variant.ts';
import type { EngineCiphertext, EngineDevice, Opened, PeerAddress, PublishedBundle, ServedBundle, SessionStart } from '../contract.ts';
import { checkAddress } from './addresses.ts';
import { currentBundle, refreshPreKeys } from './prekeys.ts';
import { receiveStep } from './receive.ts';
import { encryptStep } from './send.ts';
import { startSessionStep } from './sessionStart.ts';
import { encodeState } from './stateCodec.ts';
import { findPeer, type DeviceRecord, type Step } from './state.ts';
import { safetyNumberOf, trustStep } from './trust.ts';

export const PROVIDER = nativeProvider;

export class ReferenceDevice implements EngineDevice {
  readonly address: PeerAddress;
  private live: DeviceRecord | undefined;

  constructor(
    record: DeviceRecord,
    private readonly rng: Rng,
  ) {
    this.live = record;
    this.address = { ...record.address };
  }

  private get record(): DeviceRecord {
    if (this.live === undefined) throw new UsageError(`device ${this.address.user}.${this.address.device} was released`);
    return this.live;
  }

  private ctx(nowMs: number): RatchetContext {
    return { provider: PROVIDER, rng: this.rng, nowMs: requireNowMs(nowMs), flags: REFERENCE_FLAGS };
  }

  private adopt<T>(step: Step<T>): T {
    this.live = step.record;
    wipe(...step.consumed);
    return step.value;
  }

  identityKey(): Uint8Array {
    return encodeIdentityKey(this.record.identity.publicKey);
  }

  bundle(options: { readonly refresh: boolean; readonly nowMs: number }): PublishedBundle {
    if (!options.refresh) return currentBundle(this.record);
    return this.adopt(refreshPreKeys(this.record, PROVIDER, this.rng, requireNowMs(options.nowMs)));
  }

  startSession(peer: PeerAddress, bundle: ServedBundle, nowMs: number): SessionStart {
    const r = startSessionStep(this.record, checkAddress(peer, 'peer'), bundle, this.ctx(nowMs));
    if (!r.ok) return r.identityKey === undefined ? { ok: false, code: r.code } : { ok: false, code: r.code, identityKey: r.identityKey };
    this.adopt(r);
    return { ok: true };
  }

  hasSession(peer: PeerAddress): boolean {
    return (findPeer(this.record, checkAddress(peer, 'peer'))?.sessions.length ?? 0) > 0;
  }

  encrypt(peer: PeerAddress, plaintext: Uint8Array, nowMs: number): EngineCiphertext {
    return this.adopt(encryptStep(this.record, checkAddress(peer, 'peer'), plaintext, this.ctx(nowMs)));
  }

  decrypt(peer: PeerAddress, ciphertext: EngineCiphertext, nowMs: number): Opened {
    const r = receiveStep(this.record, checkAddress(peer, 'peer'), ciphertext, this.ctx(nowMs));
    if (!r.ok) return { ok: false, code: r.code };
    return { ok: true, plaintext: this.adopt(r) };
  }

  peerIdentity(peer: PeerAddress): Uint8Array | undefined {
    return findPeer(this.record, checkAddress(peer, 'peer'))?.identity.slice();
  }

  trustIdentity(peer: PeerAddress, identityKey: Uint8Array): void {
    this.adopt(trustStep(this.record, checkAddress(peer, 'peer'), identityKey));
  }

  readonly safetyNumber = (peer: PeerAddress, peerIdentityKey: Uint8Array): string => safetyNumberOf(PROVIDER, this.record, checkAddress(peer, 'peer'), peerIdentityKey);

  exportState(): Uint8Array {
    return encodeState(this.record);
  }

  release(): void {
    this.live = undefined;
  }
}
