// Turns seized state into what the canary scan and the key trial read (docs/architecture.md): every stored byte as a haystack and as raw key windows, and the seized keys themselves
// (a server's at-rest keys, a phone's storage key) as candidates.
import type { LabelledBytes, PhoneSeizure, ServerSeizure } from '../../sim/authority/serverView.ts';
import type { Haystack } from './canary.ts';
import type { CandidateSource } from './keyCandidates.ts';

export function serverSeizureHaystacks(s: ServerSeizure, label = 'server'): Haystack[] {
  return s.items.map((i) => ({ label: `${label}/${i.label}`, bytes: i.bytes }));
}

export function phoneSeizureHaystacks(s: PhoneSeizure, label = `phone:${s.deviceId}`): Haystack[] {
  return [{ label: `${label}/blob`, bytes: s.blob }];
}

/** Raw windows over every item, plus the at-rest keys as 32-byte fields. */
export function serverSeizureSources(s: ServerSeizure, label = 'server'): CandidateSource[] {
  return [
    { kind: 'object', label: `${label}/atRestKeys`, value: s.atRestKeys },
    ...s.items.map((i: LabelledBytes): CandidateSource => ({ kind: 'bytes', label: `${label}/${i.label}`, bytes: i.bytes })),
  ];
}

/**
 * The storage key and raw windows over the blob. A caller that can open the blob (with the seized
 * storage key and the protocol's own store decoder) should add the decoded state as an 'object' source.
 */
export function phoneSeizureSources(s: PhoneSeizure, label = `phone:${s.deviceId}`): CandidateSource[] {
  return [
    { kind: 'object', label: `${label}/storageKey`, value: s.storageKey },
    { kind: 'bytes', label: `${label}/blob`, bytes: s.blob },
  ];
}
