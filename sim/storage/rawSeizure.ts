// What a seizure of a storage medium hands over: its raw files, byte for byte, packed into
// one blob with a strict codec (a phone seizure is one blob, sim/world/phone.ts). Unpacking checks
// sizes first and refuses truncation and trailing bytes with STORE_CORRUPT.
import { isProtocolError, ProtocolError } from '../../protocol/errors.ts';
import { decodeMessage, encodeMessage, listOf, struct, utf8String, varBytes, versioned } from '../../protocol/wire/codec.ts';
import type { RawFile } from './engine.ts';

const SEIZURE_FORMAT = 1;
/** Files in one seizure: a database with its -wal and -journal, or one per live record in memory. */
const MAX_SEIZED_FILES = 100_000;
/** Bytes of one seized file: far above any simulated store (the device store cap is 64 MiB). */
const MAX_SEIZED_FILE_BYTES = 256 * 1024 * 1024;
/** Bytes of a whole packed seizure. */
const MAX_SEIZURE_BYTES = 512 * 1024 * 1024;
const MAX_FILE_LABEL_BYTES = 255;

const rawFiles = versioned(
  SEIZURE_FORMAT,
  listOf(struct<RawFile>('RawFile', { label: utf8String('RawFile.label', MAX_FILE_LABEL_BYTES), bytes: varBytes('RawFile.bytes', MAX_SEIZED_FILE_BYTES) }), MAX_SEIZED_FILES),
);

export function packSeizure(files: readonly RawFile[]): Uint8Array {
  return encodeMessage(rawFiles, files, MAX_SEIZURE_BYTES);
}

export function unpackSeizure(blob: Uint8Array): RawFile[] {
  try {
    return [...decodeMessage(rawFiles, blob, MAX_SEIZURE_BYTES)];
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('STORE_CORRUPT', `seized files do not unpack (${e.code})`);
    throw e;
  }
}
