// Ratios computed in the same run: sealroom / libsignal, sealroom / @privacyresearch,
// sealroom / raw AEAD, noble / native, MLS / sender keys, and byte ratios. A time ratio is median(numerator) /
// median(denominator), so below 1 means the numerator (sealroom; MLS for the group designs) is faster; a size ratio divides byte counts.
import { caseId, designSizeId, withImpl } from './ids.ts';
import type { CaseResult, SizeResult } from './types.ts';
import { REFUSAL_OPS } from '../suites/refusal.ts';

export type RatioKind = 'time' | 'size';

export interface RatioDef {
  readonly id: string;
  readonly label: string;
  readonly kind: RatioKind;
  /** Case id (time) or size id (size). */
  readonly numerator: string;
  readonly denominator: string;
}

export interface RatioResult extends RatioDef {
  /** null when either side was not measured (then `missing` names it). */
  readonly value: number | null;
  readonly numeratorValue: number | null;
  readonly denominatorValue: number | null;
  readonly missing?: string;
}

/** What ratios and targets read: median ms per case id, bytes per size id. */
export interface Measurements {
  readonly timesMs: ReadonlyMap<string, number>;
  readonly bytes: ReadonlyMap<string, number>;
}

export function measurementsOf(cases: readonly CaseResult[], sizes: readonly SizeResult[]): Measurements {
  return {
    timesMs: new Map(cases.filter((c) => Number.isFinite(c.medianMs)).map((c) => [c.id, c.medianMs])),
    bytes: new Map(sizes.map((s) => [s.id, s.bytes])),
  };
}

export function lookup(m: Measurements, kind: RatioKind, id: string): number | null {
  const v = (kind === 'time' ? m.timesMs : m.bytes).get(id);
  return v === undefined ? null : v;
}

export function computeRatio(def: RatioDef, m: Measurements): RatioResult {
  const num = lookup(m, def.kind, def.numerator);
  const den = lookup(m, def.kind, def.denominator);
  if (num === null || den === null) {
    return { ...def, value: null, numeratorValue: num, denominatorValue: den, missing: num === null ? def.numerator : def.denominator };
  }
  if (den === 0) return { ...def, value: null, numeratorValue: num, denominatorValue: den, missing: `${def.denominator} is zero` };
  return { ...def, value: num / den, numeratorValue: num, denominatorValue: den };
}

const time = (id: string, label: string, numerator: string, denominator: string): RatioDef => ({ id, label, kind: 'time', numerator, denominator });

/** The fixed comparison ratios (peers and raw AEAD). */
function peerRatioDefs(): RatioDef[] {
  const defs: RatioDef[] = [];
  for (const impl of ['sealroom-native', 'sealroom-noble'] as const) {
    const vsLibsignal: [string, string][] = [
      ['setup.pqxdh', 'session setup (PQXDH)'],
      ['one-way.64B', 'one-way 64 B'],
      ['one-way.1024B', 'one-way 1 KiB'],
      ['ping-pong.64B', 'ping-pong round trip'],
    ];
    for (const [op, label] of vsLibsignal) {
      defs.push(time(`${impl}/libsignal.${op}`, `${impl} / libsignal-client: ${label}`, `protocol.${op}.${impl}`, `peers.${op}.libsignal-client`));
    }
    const vsPr: [string, string][] = [
      ['setup.x3dh', 'session setup (X3DH)'],
      ['one-way.64B', 'one-way 64 B'],
      ['one-way.1024B', 'one-way 1 KiB'],
      ['ping-pong.64B', 'ping-pong round trip'],
    ];
    for (const [op, label] of vsPr) {
      defs.push(time(`${impl}/privacyresearch.${op}`, `${impl} / privacyresearch: ${label}`, `protocol.${op}.${impl}`, `peers.${op}.privacyresearch`));
    }
    for (const bytes of [64, 1_024]) {
      defs.push(
        time(
          `${impl}/raw-aead.one-way.${bytes}B`,
          `${impl} one-way ${bytes} B / raw node:crypto ChaCha20-Poly1305 seal+open`,
          `protocol.one-way.${bytes}B.${impl}`,
          `peers.raw-aead.chacha20-poly1305.${bytes}B.node-crypto`,
        ),
      );
    }
  }
  defs.push(
    time(
      'libsignal/raw-aead.one-way.1024B',
      'libsignal-client one-way 1 KiB / raw node:crypto ChaCha20-Poly1305 seal+open',
      'peers.one-way.1024B.libsignal-client',
      'peers.raw-aead.chacha20-poly1305.1024B.node-crypto',
    ),
  );
  return defs;
}

/** noble / native for every sealroom case measured on both providers. */
export function providerRatioDefs(cases: readonly CaseResult[]): RatioDef[] {
  const ids = new Set(cases.map((c) => c.id));
  return cases
    .filter((c) => c.impl === 'sealroom-noble' && ids.has(withImpl(c.id, 'sealroom-native')))
    .map((c) => {
      const native = withImpl(c.id, 'sealroom-native');
      const base = c.id.slice(0, c.id.lastIndexOf('.'));
      return time(`noble/native.${base}`, `noble / native: ${base}`, c.id, native);
    });
}

function sizeRatioDefs(): RatioDef[] {
  const size = (id: string, label: string, numerator: string, denominator: string): RatioDef => ({ id, label, kind: 'size', numerator, denominator });
  return [
    size('bytes.wire-64B.unpadded/libsignal', 'wire bytes, 64 B plaintext: sealroom unpadded / libsignal', 'wire-64B.sealroom-unpadded', 'wire-64B.libsignal'),
    size('bytes.wire-64B.padded/libsignal', 'wire bytes, 64 B plaintext: sealroom padded / libsignal (unpadded)', 'wire-64B.sealroom-padded', 'wire-64B.libsignal'),
    size('bytes.setup-message.pqxdh/libsignal', 'first setup message: sealroom PQXDH / libsignal PreKey message', 'setup-message.pqxdh.sealroom', 'setup-message.pqxdh.libsignal'),
    size('bytes.session-state/libsignal', 'session state per contact: sealroom / libsignal', 'session-state.sealroom', 'session-state.libsignal'),
  ];
}

/** The cost of a refused 1:1 message against a genuine one with a DH step, same run (bench/suites/refusal.ts). */
function refusalRatioDefs(): RatioDef[] {
  return (['sealroom-noble', 'sealroom-native'] as const).flatMap((impl) =>
    REFUSAL_OPS.map((op) => time(`refusal.${op}/genuine.${impl}`, `${impl}: ${op} refused / genuine receive (5 kept sessions)`, `protocol.refusal.${op}.${impl}`, `protocol.refusal.genuine.${impl}`)),
  );
}

/** The engine protocol's overhead: the reference out of process over in process, per world run and per campaign (docs/engine-protocol.md). */
function execRatioDefs(): RatioDef[] {
  return [
    time(
      'exec/in-process.sim-messages',
      'reference through the device contract: out of process / in process, a 200-message world run',
      'world.sim-messages-device.8m.contract-exec',
      'world.sim-messages-device.8m.contract-in-process',
    ),
    time(
      'exec/in-process.property-campaign',
      'reference through the device contract: out of process / in process, a SEC-INTEGRITY campaign',
      'world.property-campaign-device.contract-exec',
      'world.property-campaign-device.contract-in-process',
    ),
  ];
}

/** Room sizes and operations of the group-design rows (bench/suites/groupDesigns.ts makes the cases). */
const DESIGN_MEMBERS = [10, 100, 1_000] as const;
/** [MLS op, sender-key op, label]: the same step in each design. */
const DESIGN_TIME_OPS: readonly (readonly [string, string, string])[] = [
  ['send', 'send', 'message sent'],
  ['receive', 'receive', 'message received'],
  ['add', 'add', 'add (committer)'],
  ['add-process', 'add-process', 'add processed by one member (sender keys: without taking in the others’ new keys)'],
  ['join', 'join', 'newcomer joins (sender keys: without taking in the members’ keys)'],
  ['remove', 'remove', 'remove (committer)'],
  ['remove-process', 'remove-process', 'remove processed by one member (sender keys: without taking in the others’ new keys)'],
  ['remove-process', 'remove-catch-up', 'one remaining member’s whole catch-up after a removal'],
];
const DESIGN_SIZE_METRICS: readonly (readonly [string, string])[] = [
  ['message', 'message bytes'],
  ['add.welcome', 'welcome bytes'],
  ['add.upload', 'add, bytes the committer sends'],
  ['add.total', 'add, bytes delivered in the room'],
  ['remove.upload', 'remove, bytes the committer sends'],
  ['remove.total', 'remove, bytes delivered in the room'],
];

/** MLS over sender keys, per operation and room size: time against both providers, bytes once (they do not depend on the provider). */
export function groupDesignRatioDefs(): RatioDef[] {
  const defs: RatioDef[] = [];
  for (const members of DESIGN_MEMBERS) {
    for (const impl of ['sender-keys', 'sender-keys-native'] as const) {
      for (const [mlsOp, skOp, label] of DESIGN_TIME_OPS) {
        const mls = caseId('group', `designs.${mlsOp}`, { members }, 'mls-ts');
        defs.push(time(`mls/${impl}.${skOp}.${members}m`, `mls-ts / ${impl}: ${label}, ${members} members`, mls, caseId('group', `designs.${skOp}`, { members }, impl)));
      }
    }
    for (const [metric, label] of DESIGN_SIZE_METRICS) {
      defs.push({
        id: `bytes.mls/sender-keys.${metric}.${members}m`,
        label: `mls-ts / sender-keys: ${label}, ${members} members`,
        kind: 'size',
        numerator: designSizeId(metric, members, 'mls-ts'),
        denominator: designSizeId(metric, members, 'sender-keys'),
      });
    }
  }
  return defs;
}

export function computeAllRatios(cases: readonly CaseResult[], sizes: readonly SizeResult[]): RatioResult[] {
  const m = measurementsOf(cases, sizes);
  // The group-design ratios only when that part of the group suite ran: sixty unmeasured rows would drown the rest.
  const designs = cases.some((c) => c.op.startsWith('designs.')) ? groupDesignRatioDefs() : [];
  return [...peerRatioDefs(), ...refusalRatioDefs(), ...execRatioDefs(), ...sizeRatioDefs(), ...designs, ...providerRatioDefs(cases)].map((d) => computeRatio(d, m));
}
