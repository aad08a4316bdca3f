// Strict decoding in sim/storage: a sealed record's chunk that opens under the key but whose label is
// not UTF-8 is STORE_CORRUPT, never a TypeError, so loading a store refuses it with a typed error and
// the forensic scan passes over it; and a packed seizure (rawSeizure.ts) either decodes to what packs
// back to the same bytes or is refused STORE_CORRUPT. (The inbox and sent rows' codecs have their
// property in protocol/device/storeRoundTrip.test.ts.)
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../protocol/bytes.ts';
import { nobleProvider } from '../../protocol/crypto/noble.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { createDrbg } from '../../protocol/random/drbg.ts';
import { checkRoundTrip, mutationsArb } from '../../test/kits/wireArbitraries.ts';
import { encodeFrame, FRAME_NONCE_BYTES } from './frame.ts';
import { packSeizure, unpackSeizure } from './rawSeizure.ts';
import { DEVICE_ROW_DOMAIN, openRecord, recoverRecords, sealRecord } from './sealedRecord.ts';

const rng = createDrbg('sealed-record-decode-test');
const key = { provider: nobleProvider, key: rng.bytes(32), domain: DEVICE_ROW_DOMAIN };

/** One sealed frame whose chunk names `label` (raw bytes): format 1, label, seq 0, chunk 0 of 1, then `data`. */
function frameWithLabel(label: Uint8Array, data: Uint8Array): Uint8Array {
  const head = new Uint8Array(1 + 2 + label.length + 8);
  const v = new DataView(head.buffer);
  v.setUint8(0, 1);
  v.setUint16(1, label.length);
  head.set(label, 3);
  v.setUint16(9 + label.length, 1);
  const nonce = rng.bytes(FRAME_NONCE_BYTES);
  return encodeFrame(nonce, nobleProvider.xchacha20poly1305.seal(key.key, nonce, concatBytes(head, data), key.domain));
}

describe('sealed record chunk header', () => {
  it('a label that is not UTF-8 is STORE_CORRUPT when opened, and skipped by the forensic scan', () => {
    const bad = frameWithLabel(Uint8Array.of(0x73, 0xff, 0x74), rng.bytes(20));
    let caught: unknown;
    try {
      openRecord(key, 's\uFFFDt', bad);
    } catch (e) {
      caught = e;
    }
    expect(isProtocolError(caught, 'STORE_CORRUPT')).toBe(true);
    const good = sealRecord(key, rng, 'state', 1, rng.bytes(30));
    expect(recoverRecords(key, [concatBytes(bad, good)]).records.map((r) => r.label)).toEqual(['state']);
  });
});

describe('seized files decode canonically', () => {
  const files = fc.array(fc.record({ label: fc.string({ unit: 'binary', maxLength: 12 }), bytes: fc.uint8Array({ maxLength: 48 }) }), { maxLength: 3 });
  test.prop([files, mutationsArb], { numRuns: 40 })('packed seizure: unpack(pack(x)) = x; a mutated blob is canonical or STORE_CORRUPT', (value, mutations) => {
    checkRoundTrip({ encode: packSeizure, decode: unpackSeizure }, value, mutations, 'STORE_CORRUPT');
  });
});
