// The calls bridge.ts makes into the MLS worker (worker.ts) and its answers: plain data that crosses the
// thread boundary by structured clone. A refusal of input travels inside `value` (the contract's result
// types); `ok: false` is for the worker's own failures, which the bridge turns into an EngineFault.
import type { PeerAddress } from '../contract.ts';
import type { MlsKeyPackageFor } from './contract.ts';
import type { Retention } from './state.ts';

export type Request =
  | { readonly op: 'create'; readonly user: string; readonly device: number; readonly seed: Uint8Array; readonly retention: Retention }
  | { readonly op: 'import'; readonly state: Uint8Array; readonly seed: Uint8Array }
  | { readonly op: 'export' | 'release' | 'identity' | 'address' | 'rooms'; readonly h: number }
  | { readonly op: 'key-package'; readonly h: number; readonly nowMs: number }
  | { readonly op: 'create-group' | 'update'; readonly h: number; readonly room: string; readonly nowMs: number }
  | { readonly op: 'add'; readonly h: number; readonly room: string; readonly keyPackages: readonly MlsKeyPackageFor[]; readonly nowMs: number }
  | { readonly op: 'remove'; readonly h: number; readonly room: string; readonly members: readonly PeerAddress[]; readonly nowMs: number }
  | { readonly op: 'confirm'; readonly h: number; readonly room: string; readonly commit: Uint8Array }
  | { readonly op: 'discard' | 'epoch'; readonly h: number; readonly room: string }
  | { readonly op: 'process-commit'; readonly h: number; readonly room: string; readonly commit: Uint8Array; readonly nowMs: number }
  | { readonly op: 'join'; readonly h: number; readonly welcome: Uint8Array; readonly nowMs: number }
  | { readonly op: 'send'; readonly h: number; readonly room: string; readonly plaintext: Uint8Array }
  | { readonly op: 'receive'; readonly h: number; readonly room: string; readonly message: Uint8Array }
  | { readonly op: 'open'; readonly state: Uint8Array; readonly room: string; readonly message: Uint8Array; readonly handshakes: readonly Uint8Array[] };

/** An answer, or a failure of the worker's code (a bug, never a refusal of input). */
export type Reply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly detail: string };
