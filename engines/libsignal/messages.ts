// The calls bridge.ts makes into the libsignal worker (worker.ts) and its answers: plain data that
// crosses the thread boundary by structured clone.
import type { EngineCiphertext, OneTimePreKey, PeerAddress, RefusalCode } from '../contract.ts';

export type Request =
  | { readonly op: 'create'; readonly user: string; readonly device: number }
  | { readonly op: 'import'; readonly state: Uint8Array }
  | { readonly op: 'export' | 'release' | 'identity'; readonly h: number }
  | { readonly op: 'bundle'; readonly h: number; readonly refresh: boolean }
  | { readonly op: 'start'; readonly h: number; readonly peer: PeerAddress; readonly base: Uint8Array; readonly oneTime: OneTimePreKey | undefined; readonly nowMs: number }
  | { readonly op: 'has' | 'peer-identity'; readonly h: number; readonly peer: PeerAddress }
  | { readonly op: 'encrypt'; readonly h: number; readonly peer: PeerAddress; readonly plaintext: Uint8Array; readonly nowMs: number }
  | { readonly op: 'decrypt'; readonly h: number; readonly peer: PeerAddress; readonly kind: EngineCiphertext['kind']; readonly bytes: Uint8Array }
  | { readonly op: 'open'; readonly state: Uint8Array; readonly peer: PeerAddress; readonly kind: EngineCiphertext['kind']; readonly bytes: Uint8Array }
  | { readonly op: 'trust' | 'safety-number'; readonly h: number; readonly peer: PeerAddress; readonly key: Uint8Array };

/** An answer: a value, a refusal of the input (a contract code), or a crash of the worker's code. */
export type Reply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly code: RefusalCode | 'CRASH'; readonly detail: string };
