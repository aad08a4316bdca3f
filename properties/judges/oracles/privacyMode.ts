// The privacy-mode engine's oracle: decodes seized device stores, and decides what a key or an
// attacker's device can open, always with the protocol's own code (device receive, ratchet decrypt,
// group decrypt). The judges never reimplement decryption. A seized store is read forensically from
// its raw files: every sealed row found, stale and deleted ones included.
import { isProtocolError } from '../../../protocol/errors.ts';
import { receiveMessage, serializeDevice, type DeviceState } from '../../../protocol/device/index.ts';
import { decodeGroupMessage, decryptGroupMessage, findMember, type GroupState } from '../../../protocol/group/index.ts';
import { deviceId, userId } from '../../../protocol/ids.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../../../protocol/variant.ts';
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import type { Drbg } from '../../../protocol/random/drbg.ts';
import type { JudgedCopy, PhoneOracle } from '../../../sim/world/phone.ts';
import { expectState, isDeviceState, type PhoneState, type SeizedState } from '../../../sim/world/phoneState.ts';
import { isRecoveredDevice, recoverDevice, recoveredBytes } from '../../../sim/storage/deviceSeizure.ts';
import { associatedDataSet, keyTrial } from './pairwiseKeyTrial.ts';
import { attackerGroupReads } from './attackerGroupReads.ts';
import { stolenGroupReads } from './stolenGroupReads.ts';
import { heldChainsOpen } from './chainKeyTrial.ts';
import { setupTrial } from './setupTrial.ts';

const asDevice = (state: PhoneState | SeizedState): DeviceState => expectState(state, isDeviceState, 'privacy-mode oracle');

export function privacyModeOracle(provider: CryptoProvider, rng: Drbg, flags: ProtocolFlags): PhoneOracle {
  return {
    // With the storage key, the union of every framed row in the raw files (RecoveredDevice).
    open: (blob, key) => recoverDevice(provider, blob, key),
    // A recovered store's row plaintexts; a live state (a snapshot) serialized whole.
    serialize: (state) => (isRecoveredDevice(state) ? recoveredBytes(state) : serializeDevice(asDevice(state))),
    keyTrial(sources, copies: readonly JudgedCopy[]) {
      const captured = copies.map((c) => ({ label: c.label, wire: c.wire, ads: associatedDataSet([...c.identities], [c.from, c.to]) }));
      return keyTrial(sources, captured);
    },
    receiveAs(state, from, wire, nowMs) {
      const r = receiveMessage(asDevice(state), deviceId(from), userId(from), wire, { provider, rng, nowMs, flags });
      if (!r.ok || r.content.kind !== 'text') return { ok: false };
      return { ok: true, state: r.device, body: r.content.body };
    },
    setupTrial: (state, copies, group) => setupTrial({ provider, rng, flags }, isRecoveredDevice(state) ? state.states : [asDevice(state)], copies, group),
    groupReadsAs: (state, posingAs, relayed, messages) => attackerGroupReads({ provider, rng }, asDevice(state), posingAs, relayed, messages),
    groupKeyTrial(state, messages) {
      const held = (isRecoveredDevice(state) ? state.states : [asDevice(state)]).flatMap((d) =>
        d.groups.flatMap((g) => [{ chainKey: g.ownChain.chainKey, index: g.ownChain.index, skipped: [] }, ...g.receiving.flatMap((r) => r.chains)]),
      );
      return held.length === 0 ? [] : messages.filter((m) => heldChainsOpen(provider, held, m.wire)).map((m) => m.label);
    },
    stolenGroupReads: (state, victim, relayed, messages) => stolenGroupReads({ provider, rng, flags }, asDevice(state), victim, relayed, messages),
    removedMemberOpens(kept, room, wire, atMs) {
      const group = asDevice(kept).groups.find((g) => g.roomId === room);
      if (group === undefined) return false;
      try {
        const m = decodeGroupMessage(wire);
        // A dishonest removed member ignores its membership view: it adopts the message's epoch and
        // transcript and lets the group decrypt run on whatever sender chains it kept.
        const members =
          findMember(group.members, m.senderId) !== undefined
            ? group.members
            : [...group.members, { id: m.senderId, identityKey: new Uint8Array(32), admin: false }].sort((a, b) => (a.id < b.id ? -1 : 1));
        const patched: GroupState = { ...group, members, epoch: m.epoch, transcriptHash: m.transcriptHash, pastViews: [] };
        decryptGroupMessage({ provider, rng, nowMs: atMs, flags: REFERENCE_FLAGS }, patched, wire);
        return true;
      } catch (e) {
        if (!isProtocolError(e)) throw e;
        // By key alone too: a rekey that handed out the old chain key under a new id still opens to its holder.
        return heldChainsOpen(
          provider,
          group.receiving.flatMap((r) => r.chains),
          wire,
        );
      }
    },
  };
}
