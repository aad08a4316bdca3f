// The bridge from a finished world to the reports, on a real library run (phone-seized-after-view):
// the summary matches the oracle's record, and the trace file hashes to the run's trace hash (DET-REPLAY).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/types.ts';
import { spansOf } from './runSummary.ts';
import { LIBRARY_DIR } from './library.ts';
import { contractOf, runAndSummarize } from './scenarioRuns.ts';

const run = runAndSummarize(loadScenarioFile(join(LIBRARY_DIR, 'phone-seized-after-view.json')));
const s = run.summary;

describe('summarizeRun on phone-seized-after-view', () => {
  test('DET-REPLAY: the trace file is exactly what the trace hash covers', () => {
    expect(run.trace.matchesHash).toBe(true);
    expect(createHash('sha256').update(run.trace.jsonl).digest('hex')).toBe(s.traceHash);
    expect(s.counts.traceLines).toBe(run.trace.lineCount);
  });

  test('messages, deliveries and views follow the oracle record', () => {
    expect(s.messages.map((m) => [m.label, m.from])).toEqual([
      ['hello', 'alice'],
      ['reply', 'bob'],
    ]);
    expect(s.deliveries.map((d) => d.recipient).sort()).toEqual(['alice', 'bob']);
    expect(
      s.deviceEvents
        .filter((e) => e.kind === 'viewed')
        .map((e) => e.device)
        .sort(),
    ).toEqual(['alice', 'bob']);
  });

  test('SEC-EVAPORATE setting: the phone seizure and the server seizure with what each took', () => {
    expect(s.phoneSeizures).toEqual([expect.objectContaining({ atMs: 10_000, user: 'bob', stolen: false })]);
    expect(s.phoneSeizures[0]!.blobBytes).toBeGreaterThan(0);
    const z = s.serverSeizures[0]!;
    expect(z.atMs).toBe(20_000);
    expect(z.byArea.reduce((n, a) => n + a.items, 0)).toBe(z.itemCount);
    expect(z.byArea.reduce((n, a) => n + a.bytes, 0)).toBe(z.byteCount);
  });

  test('SEC-RETENTION setting: the server saw two envelopes and erased both on ack', () => {
    expect(s.serverSaw.map((r) => [r.from, r.to, r.erasedReason])).toEqual([
      ['alice', 'bob', 'ack'],
      ['bob', 'alice', 'ack'],
    ]);
    expect(s.serverSaw.every((r) => r.bucketBytes !== null && r.bucketBytes >= (r.sizeBytes ?? 0))).toBe(true);
  });

  test('verdicts and the JSON contract agree with the run', () => {
    expect(s.matches).toBe(true);
    expect(Object.keys(contractOf(run.result))).toEqual(['scenario', 'verdicts', 'expected', 'matches', 'traceHash']);
    expect(s.judgements.find((j) => j.property === 'SEC-EVAPORATE')?.expected).toBe('pass');
    expect(s.transparency.seizures.server).toBe(1);
  });
});

describe('spansOf', () => {
  test('offline/online and partition/heal pair up; an unclosed span runs to the end', () => {
    const timeline = [
      { at: 10, do: 'offline', user: 'a' },
      { at: 20, do: 'partition', users: ['b', 'c'] },
      { at: 30, do: 'online', user: 'a' },
      { at: 40, do: 'heal' },
      { at: 50, do: 'offline', user: 'c' },
    ] as Scenario['timeline'];
    expect(spansOf({ timeline } as Scenario, 99)).toEqual([
      { lane: 'a', startMs: 10, endMs: 30, kind: 'offline' },
      { lane: 'b', startMs: 20, endMs: 40, kind: 'partitioned' },
      { lane: 'c', startMs: 20, endMs: 40, kind: 'partitioned' },
      { lane: 'c', startMs: 50, endMs: 99, kind: 'offline' },
    ]);
  });
});
