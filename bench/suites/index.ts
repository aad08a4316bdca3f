// The suites of a bench run, in run order: primitives, protocol, group, peers, world, storage. Suites whose code
// is still being built elsewhere (group rooms, the simulator) load dynamically: if they cannot load, or
// their API is not there yet, their rows are listed as pending with the reason — never given a number.
import type { BenchCase, PendingRow, SuiteName } from '../harness/types.ts';
import { peerCases } from './peers.ts';
import { primitiveCases } from './primitives.ts';
import { protocolCases } from './protocol.ts';
import { refusalCases } from './refusal.ts';

const SUITE_NAMES: readonly SuiteName[] = ['primitives', 'protocol', 'group', 'peers', 'world', 'storage'];

export interface LoadedSuites {
  readonly cases: BenchCase[];
  readonly pending: PendingRow[];
  /** Drops state a suite cached for its cases (the group rooms, the MLS workers), before sizes and peak RSS are measured. */
  readonly release: () => void;
}

/** World rows the benchmark brief asks for that this build cannot measure (none left: the 1,000-user week runs in bench/week/). */
const WORLD_PENDING: readonly PendingRow[] = [];

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function loadSuites(only: readonly SuiteName[] = SUITE_NAMES): Promise<LoadedSuites> {
  const want = new Set(only);
  const cases: BenchCase[] = [];
  const pending: PendingRow[] = [];
  let release = (): void => undefined;
  if (want.has('primitives')) cases.push(...primitiveCases());
  if (want.has('protocol')) cases.push(...protocolCases(), ...refusalCases());
  if (want.has('group')) {
    try {
      const group = await import('./group.ts');
      cases.push(...group.groupCases());
      release = group.releaseGroupWorlds;
    } catch (e) {
      pending.push({ id: 'group.*', reason: `group suite did not load: ${message(e)}` });
    }
    // Sender keys beside MLS (engines/mls), same run; `--filter group.designs` runs these alone.
    try {
      const designs = await import('./groupDesigns.ts');
      cases.push(...designs.groupDesignCases());
      const before = release;
      release = () => {
        before();
        designs.releaseGroupDesignWorlds();
      };
    } catch (e) {
      pending.push({ id: 'group.designs.*', reason: `group-designs rows did not load: ${message(e)}` });
    }
  }
  if (want.has('peers')) cases.push(...peerCases());
  if (want.has('world')) {
    try {
      cases.push(...(await import('./world.ts')).worldCases());
    } catch (e) {
      pending.push({ id: 'world.sim-messages', reason: `world suite did not load: ${message(e)}` });
    }
    pending.push(...WORLD_PENDING);
  }
  if (want.has('storage')) {
    try {
      cases.push(...(await import('./storage.ts')).storageCases());
    } catch (e) {
      pending.push({ id: 'storage.*', reason: `storage suite did not load: ${message(e)}` });
    }
  }
  return { cases, pending, release };
}
