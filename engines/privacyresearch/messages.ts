// What bridge.ts asks the privacyresearch worker (worker.ts) and what it answers, as plain data that
// crosses the thread boundary by structured clone. A refusal of input is an answer (the contract's
// SessionStart and Opened inside `value`); `ok: false` is kept for the worker's own failures, which the
// bridge raises as an EngineFault.
import type { EngineCiphertext, OneTimePreKey, PeerAddress } from '../contract.ts';

export type Request =
  | { readonly op: 'create'; readonly user: string; readonly device: number }
  | { readonly op: 'import'; readonly state: Uint8Array }
  | { readonly op: 'export' | 'release' | 'identity'; readonly h: number }
  | { readonly op: 'bundle'; readonly h: number; readonly refresh: boolean }
  | { readonly op: 'start'; readonly h: number; readonly peer: PeerAddress; readonly base: Uint8Array; readonly oneTime: OneTimePreKey | undefined }
  | { readonly op: 'has' | 'peer-identity'; readonly h: number; readonly peer: PeerAddress }
  | { readonly op: 'encrypt'; readonly h: number; readonly peer: PeerAddress; readonly plaintext: Uint8Array }
  | { readonly op: 'decrypt'; readonly h: number; readonly peer: PeerAddress; readonly ciphertext: EngineCiphertext }
  | { readonly op: 'open'; readonly state: Uint8Array; readonly peer: PeerAddress; readonly ciphertext: EngineCiphertext }
  | { readonly op: 'trust'; readonly h: number; readonly peer: PeerAddress; readonly key: Uint8Array };

/** A device the worker holds: its handle and the address its record names. */
export interface Held {
  readonly h: number;
  readonly address: PeerAddress;
}

/** An answer, or a failure of the worker's own code (never a refusal of input). */
export type Reply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly detail: string };
