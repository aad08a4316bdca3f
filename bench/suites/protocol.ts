// Whole-protocol benchmarks on both providers: PQXDH and X3DH session setup,
// one-way messages on one chain (64 B, 1 KiB), ping-pong with a DH ratchet step every turn, and a
// view-once cycle (send, receive, view, erase) through the device layer.
import { getProvider, PROVIDER_NAMES, type ProviderName } from '../../protocol/crypto/index.ts';
import type { HandshakeMode } from '../../protocol/handshake/types.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { deviceReceive, deviceSend, deviceViewAndErase, connectedDevices, viewOnceText } from '../fixtures/sealroomDevices.ts';
import { establishedPair, expectLength, makeParty, openSessionTo, receive, send } from '../fixtures/sealroomPair.ts';
import { caseId } from '../harness/ids.ts';
import type { BenchCase } from '../harness/types.ts';
import { implOf } from './primitives.ts';

export const MESSAGE_SIZES = [64, 1_024] as const;
/** The plaintext of setup, ping-pong and view-once messages (the per-message wire size unit). */
export const SMALL_MESSAGE_BYTES = 64;

function setupCase(provider: ProviderName, mode: HandshakeMode): BenchCase {
  const impl = implOf(provider);
  const op = `setup.${mode}`;
  return {
    id: caseId('protocol', op, {}, impl),
    suite: 'protocol',
    op,
    impl,
    params: {},
    unit: 'session setup (bundle check, handshake both sides, first 64 B message delivered)',
    heavy: true,
    prepare: () => {
      const p = getProvider(provider);
      const alice = makeParty('alice', p, `bench/setup/${mode}`);
      const bob = makeParty('bob', p, `bench/setup/${mode}`);
      const payload = createDrbg('bench/setup/payload').bytes(SMALL_MESSAGE_BYTES);
      return () => {
        const a = { ...alice, sessions: [] };
        const b = { ...bob, sessions: [] }; // bob's prekey store is reused: no one-time prekey is spent
        openSessionTo(a, b, mode);
        expectLength(receive(b, send(a, payload), mode === 'pqxdh'), SMALL_MESSAGE_BYTES);
      };
    },
  };
}

function oneWayCase(provider: ProviderName, bytes: number): BenchCase {
  const impl = implOf(provider);
  return {
    id: caseId('protocol', 'one-way', { bytes }, impl),
    suite: 'protocol',
    op: 'one-way',
    impl,
    params: { bytes },
    unit: 'message on one chain (encrypt, wire, decrypt)',
    prepare: () => {
      const { alice, bob } = establishedPair(getProvider(provider), `bench/one-way/${bytes}`);
      const payload = createDrbg('bench/one-way/payload').bytes(bytes);
      return () => expectLength(receive(bob, send(alice, payload)), bytes);
    },
  };
}

function pingPongCase(provider: ProviderName): BenchCase {
  const impl = implOf(provider);
  const bytes = SMALL_MESSAGE_BYTES;
  return {
    id: caseId('protocol', 'ping-pong', { bytes }, impl),
    suite: 'protocol',
    op: 'ping-pong',
    impl,
    params: { bytes },
    unit: 'round trip (2 messages, a DH ratchet step on each)',
    prepare: () => {
      const { alice, bob } = establishedPair(getProvider(provider), 'bench/ping-pong');
      const payload = createDrbg('bench/ping-pong/payload').bytes(bytes);
      return () => {
        expectLength(receive(bob, send(alice, payload)), bytes);
        expectLength(receive(alice, send(bob, payload)), bytes);
      };
    },
  };
}

function viewOnceCase(provider: ProviderName): BenchCase {
  const impl = implOf(provider);
  const bytes = SMALL_MESSAGE_BYTES;
  return {
    id: caseId('protocol', 'view-once-cycle', { bytes }, impl),
    suite: 'protocol',
    op: 'view-once-cycle',
    impl,
    params: { bytes },
    unit: 'cycle (device send, receive, view, erase)',
    prepare: () => {
      const { alice, bob } = connectedDevices(getProvider(provider), 'bench/view-once');
      const body = createDrbg('bench/view-once/body').bytes(bytes);
      return () => {
        const got = deviceReceive(bob, alice, deviceSend(alice, bob, viewOnceText(alice, body)));
        expectLength({ byteLength: deviceViewAndErase(bob, got.messageId) }, bytes);
      };
    },
  };
}

export function protocolCases(): BenchCase[] {
  return PROVIDER_NAMES.flatMap((provider) => [
    setupCase(provider, 'pqxdh'),
    setupCase(provider, 'x3dh'),
    ...MESSAGE_SIZES.map((bytes) => oneWayCase(provider, bytes)),
    pingPongCase(provider),
    viewOnceCase(provider),
  ]);
}
