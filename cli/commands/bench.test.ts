// `sealroom bench`'s exit code when the simulated week's child process dies: a crash, a kill or an
// out-of-memory abort is an internal error (3), while a week that ran and under-delivered is a failed row (1).
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { crashedChildren } from './bench.ts';

const WEEK = 'sim.week-1000-users.peak-rss';

/** The failure line bench/week/measure.ts writes for a child that ended as `r` did. */
function weekFailure(r: ReturnType<typeof spawnSync>): string {
  return `week run ${r.signal === null ? `exited ${String(r.status)}` : `was killed by ${r.signal}`}: ${String(r.stderr).slice(-200)}`;
}

describe('bench: a dead child process is an internal error', () => {
  test('a child killed by a signal (as the kernel kills one out of memory) is a crash', () => {
    const killed = spawnSync(process.execPath, ['-e', 'process.kill(process.pid, "SIGKILL")'], { encoding: 'utf8' });
    expect(killed.signal).toBe('SIGKILL');
    const failures = [{ id: WEEK, suite: 'world', impl: 'sealroom-native', error: weekFailure(killed) }] as const;
    expect(crashedChildren(failures, WEEK)).toHaveLength(1);
  });

  test('a child that threw and exited non-zero is a crash', () => {
    const threw = spawnSync(process.execPath, ['-e', 'throw new Error("boom")'], { encoding: 'utf8' });
    const failures = [{ id: WEEK, suite: 'world', impl: 'sealroom-native', error: weekFailure(threw) }] as const;
    expect(crashedChildren(failures, WEEK)).toHaveLength(1);
  });

  test('a week that ran but did not deliver, and failures of other rows, are not crashes', () => {
    const failures = [
      { id: WEEK, suite: 'world', impl: 'sealroom-native', error: 'week run: 6990 of 7000 messages accepted' },
      { id: 'protocol.setup', suite: 'protocol', impl: 'libsignal-client', error: 'week run was killed by SIGKILL' },
    ] as const;
    expect(crashedChildren(failures, WEEK)).toEqual([]);
  });
});
