// The peers in the same run: libsignal-client (native Rust) and @privacyresearch's pure-TS
// libsignal for session setup, one-way and ping-pong, and raw node:crypto AEAD as the per-message floor.
// Peer modules load lazily inside `prepare`, so a machine without the devDependencies still runs every
// sealroom row and shows each peer row as a failure with its reason.
import { createDrbg } from '../../protocol/random/drbg.ts';
import { caseId } from '../harness/ids.ts';
import type { BenchCase, BenchFn, CaseParams, ImplName } from '../harness/types.ts';
import { MESSAGE_SIZES, SMALL_MESSAGE_BYTES } from './protocol.ts';

function peerCase(impl: ImplName, op: string, params: CaseParams, unit: string, prepare: () => Promise<BenchFn>, heavy = false): BenchCase {
  return { id: caseId('peers', op, params, impl), suite: 'peers', op, impl, params, unit, heavy, prepare };
}

function payloadOf(bytes: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createDrbg(`bench/peers/payload/${bytes}`).bytes(bytes));
}

function expectBytes(got: { readonly byteLength: number }, bytes: number): void {
  if (got.byteLength !== bytes) throw new Error(`expected ${bytes} bytes, got ${got.byteLength}`);
}

function libsignalCases(): BenchCase[] {
  const impl: ImplName = 'libsignal-client';
  const load = () => import('../peers/libsignalClient.ts');
  return [
    peerCase(
      impl,
      'setup.pqxdh',
      {},
      'session setup (bundle with Kyber prekey, first 64 B message delivered)',
      async () => {
        const L = await load();
        const alice = await L.makeLibsignalParty('alice', 'bench/setup/libsignal');
        const bob = await L.makeLibsignalParty('bob', 'bench/setup/libsignal');
        const payload = payloadOf(SMALL_MESSAGE_BYTES);
        const { MemorySessionStore } = await import('../peers/libsignalStores.ts');
        return async () => {
          alice.sessions = new MemorySessionStore();
          bob.sessions = new MemorySessionStore();
          await L.libsignalOpen(alice, bob);
          expectBytes(await L.libsignalReceive(bob, alice, await L.libsignalSend(alice, bob, payload)), SMALL_MESSAGE_BYTES);
        };
      },
      true,
    ),
    ...MESSAGE_SIZES.map((bytes) =>
      peerCase(impl, 'one-way', { bytes }, 'message on one chain (encrypt, wire, decrypt)', async () => {
        const L = await load();
        const { alice, bob } = await L.libsignalPair(`bench/one-way/libsignal/${bytes}`);
        const payload = payloadOf(bytes);
        return async () => expectBytes(await L.libsignalReceive(bob, alice, await L.libsignalSend(alice, bob, payload)), bytes);
      }),
    ),
    peerCase(impl, 'ping-pong', { bytes: SMALL_MESSAGE_BYTES }, 'round trip (2 messages, a DH ratchet step on each)', async () => {
      const L = await load();
      const { alice, bob } = await L.libsignalPair('bench/ping-pong/libsignal');
      const payload = payloadOf(SMALL_MESSAGE_BYTES);
      return async () => {
        expectBytes(await L.libsignalReceive(bob, alice, await L.libsignalSend(alice, bob, payload)), SMALL_MESSAGE_BYTES);
        expectBytes(await L.libsignalReceive(alice, bob, await L.libsignalSend(bob, alice, payload)), SMALL_MESSAGE_BYTES);
      };
    }),
  ];
}

function privacyResearchCases(): BenchCase[] {
  const impl: ImplName = 'privacyresearch';
  const load = () => import('../peers/privacyResearch.ts');
  return [
    peerCase(
      impl,
      'setup.x3dh',
      {},
      'session setup (X3DH bundle, first 64 B message delivered)',
      async () => {
        const P = await load();
        const alice = await P.makePrParty('alice', 'bench/setup/privacyresearch');
        const bob = await P.makePrParty('bob', 'bench/setup/privacyresearch');
        const payload = payloadOf(SMALL_MESSAGE_BYTES);
        return async () => {
          const a = P.withFreshSessions(alice);
          const b = P.withFreshSessions(bob);
          await P.prOpen(a, b);
          expectBytes(await P.prReceive(b, a, await P.prSend(a, b, payload)), SMALL_MESSAGE_BYTES);
        };
      },
      true,
    ),
    ...MESSAGE_SIZES.map((bytes) =>
      peerCase(impl, 'one-way', { bytes }, 'message on one chain (encrypt, wire, decrypt)', async () => {
        const P = await load();
        const { alice, bob } = await P.prPair(`bench/one-way/privacyresearch/${bytes}`);
        const payload = payloadOf(bytes);
        return async () => expectBytes(await P.prReceive(bob, alice, await P.prSend(alice, bob, payload)), bytes);
      }),
    ),
    peerCase(
      impl,
      'ping-pong',
      { bytes: SMALL_MESSAGE_BYTES },
      'round trip (2 messages, a DH ratchet step on each)',
      async () => {
        const P = await load();
        const { alice, bob } = await P.prPair('bench/ping-pong/privacyresearch');
        const payload = payloadOf(SMALL_MESSAGE_BYTES);
        return async () => {
          expectBytes(await P.prReceive(bob, alice, await P.prSend(alice, bob, payload)), SMALL_MESSAGE_BYTES);
          expectBytes(await P.prReceive(alice, bob, await P.prSend(bob, alice, payload)), SMALL_MESSAGE_BYTES);
        };
      },
      true,
    ),
  ];
}

function rawAeadCases(): BenchCase[] {
  const impl: ImplName = 'node-crypto';
  return (['chacha20-poly1305', 'aes-256-gcm'] as const).flatMap((cipher) =>
    MESSAGE_SIZES.map((bytes) =>
      peerCase(impl, `raw-aead.${cipher}`, { bytes }, 'message (seal + open, no protocol)', async () => {
        const { rawAeadRoundTrip } = await import('../peers/nodeCrypto.ts');
        return rawAeadRoundTrip(cipher, bytes);
      }),
    ),
  );
}

export function peerCases(): BenchCase[] {
  return [...libsignalCases(), ...privacyResearchCases(), ...rawAeadCases()];
}
