// Shared fixture for the authority and checker tests: a tiny server history (two users in one 1:1 room,
// a third user elsewhere) as plain records. Not used by production code.
import { utf8 } from '../../protocol/bytes.ts';
import { deviceId, roomId, userId } from '../../protocol/ids.ts';
import type { ServerRecords } from '../../sim/authority/memoryServerView.ts';

export const ALICE = userId('alice');
export const BOB = userId('bob');
export const CAROL = userId('carol');
export const ROOM_AB = roomId('room-ab');
const ROOM_AC = roomId('room-ac');

export function sampleRecords(): ServerRecords {
  return {
    metadata: [
      { atMs: 1_000, from: ALICE, to: BOB, roomId: ROOM_AB, kind: 'message', sizeBucket: 1 },
      { atMs: 2_000, from: BOB, to: ALICE, roomId: ROOM_AB, kind: 'message', sizeBucket: 2 },
      { atMs: 3_000, from: ALICE, to: CAROL, roomId: ROOM_AC, kind: 'message', sizeBucket: 1 },
      { atMs: 50_000, from: BOB, to: ALICE, roomId: ROOM_AB, kind: 'receipt', sizeBucket: 0 },
    ],
    content: [
      { envelopeId: 'env-1', atMs: 1_000, from: ALICE, to: BOB, roomId: ROOM_AB, body: utf8('ciphertext one CANARY-AAAAAAAAAAAAAAAAAAAA') },
      { envelopeId: 'env-2', atMs: 2_000, from: BOB, to: ALICE, roomId: ROOM_AB, body: utf8('ciphertext two') },
      { envelopeId: 'env-3', atMs: 3_000, from: ALICE, to: CAROL, roomId: ROOM_AC, body: utf8('ciphertext three') },
    ],
    keys: [
      { deviceId: deviceId('alice-1'), userId: ALICE, bytes: new Uint8Array(32).fill(1) },
      { deviceId: deviceId('bob-1'), userId: BOB, bytes: new Uint8Array(32).fill(2) },
      { deviceId: deviceId('carol-1'), userId: CAROL, bytes: new Uint8Array(32).fill(3) },
    ],
  };
}
