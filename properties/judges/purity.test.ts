// Judging is a pure function of the run's event log (docs/architecture.md "One record of truth"):
// judging the same closed log twice gives the same verdicts without any world; changing the log
// changes the verdict; and a log that was never finished (no end-of-run seizure) cannot be judged.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { utf8 } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import { loadScenarioFile } from '../../scenarios/load.ts';
import type { RunEvent } from '../../sim/log/events.ts';
import { simulate } from '../../sim/world/simulate.ts';
import { judgeLog } from './index.ts';

const log = simulate(loadScenarioFile(fileURLToPath(new URL('../../scenarios/library/lossy-network-retries.json', import.meta.url))));
const verdictOf = (events: readonly RunEvent[], id: string) => judgeLog(events).find((j) => j.property === id);
const first = judgeLog(log.events);
const baseline = (id: string) => first.find((j) => j.property === id);

describe('judges read the log and nothing else', () => {
  test('judging one closed log twice gives identical judgements (the world is already closed)', () => {
    expect(log.closed).toBe(true);
    expect(judgeLog(log.events)).toEqual(first);
  });

  test('SEC-INTEGRITY: an acceptance added to the log of something never sent turns the verdict to fail', () => {
    expect(baseline('SEC-INTEGRITY')?.verdict).toBe('pass');
    const forged: RunEvent = {
      kind: 'message-accepted',
      atMs: 1,
      acceptance: { atMs: 1, recipient: 'bob', claimedFrom: 'alice', messageId: 'never-sent', room: 'alice-bob', body: utf8('x'), envelopeId: 'e-never-sent', envelopeFrom: 'alice' },
    };
    const j = verdictOf([...log.events, forged], 'SEC-INTEGRITY');
    expect(j?.verdict).toBe('fail');
    expect(j?.violations.join('\n')).toContain('never-sent');
  });

  test('LIVE-DELIVERY: removing one acceptance from the log turns the verdict to fail', () => {
    expect(baseline('LIVE-DELIVERY')?.verdict).toBe('pass');
    const at = log.events.findIndex((e) => e.kind === 'message-accepted');
    expect(at).toBeGreaterThanOrEqual(0);
    const j = verdictOf([...log.events.slice(0, at), ...log.events.slice(at + 1)], 'LIVE-DELIVERY');
    expect(j?.verdict).toBe('fail');
  });

  test('a log without its end-of-run seizures is refused, not judged', () => {
    expect(() => judgeLog(log.events.filter((e) => !(e.kind === 'server-seized' && e.seizure.purpose === 'end-of-run')))).toThrow(UsageError);
  });

  test('the end-of-run seizures, the published report and the run end are events in the log, after everything else', () => {
    expect(log.events.at(-1)?.kind).toBe('run-ended');
    expect(log.events.at(-2)?.kind).toBe('report-published');
    expect(log.events.at(-3)?.kind).toBe('server-seized');
    expect(log.events.filter((e) => e.kind === 'phone-seized' && e.seizure.purpose === 'end-of-run').length).toBe(2);
  });
});
