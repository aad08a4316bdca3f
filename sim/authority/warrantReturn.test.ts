import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { equalBytes } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import { memoryServerView } from './memoryServerView.ts';
import { ALICE, BOB, CAROL, ROOM_AB, sampleRecords } from '../../test/kits/serverRecords.ts';
import { type DataCategory, type Warrant, DATA_CATEGORIES, validateWarrant } from './warrant.ts';
import { answerWarrant, recordsDisclosed, warrantOutcome } from './warrantReturn.ts';

const view = memoryServerView(sampleRecords());
const everything: Warrant = { id: 'w1', servedAtMs: 10_000, target: { kind: 'user', userId: ALICE }, scope: ['content', 'metadata', 'keys'], fromMs: 0, toMs: 10_000 };
const bodies = sampleRecords().content.map((c) => c.body);

describe('answerWarrant', () => {
  test('SEC-WARRANT: refuse-content returns no content even when the warrant demands it', () => {
    const ret = answerWarrant(everything, 'refuse-content', view, 10_500);
    expect(ret.disclosed.map((d) => d.category)).toEqual(['metadata']);
    expect(ret.refused).toEqual(['content', 'keys']);
    expect(recordsDisclosed(ret, 'content')).toBe(0);
    const items = ret.disclosed.flatMap((d) => d.items);
    expect(items.some((i) => i.label.startsWith('content/'))).toBe(false);
    expect(items.some((i) => bodies.some((b) => equalBytes(b, i.bytes)))).toBe(false);
    expect(ret.disclosed[0]?.recordCount).toBe(3);
    expect(warrantOutcome(ret)).toBe('complied-in-part');
    expect(ret.returnedAtMs).toBe(10_500);
  });

  test('SEC-WARRANT: refuse-content with only content in scope refuses outright and affects nobody', () => {
    const ret = answerWarrant({ ...everything, scope: ['content'] }, 'refuse-content', view, 10_000);
    expect(ret.disclosed).toEqual([]);
    expect(ret.refused).toEqual(['content']);
    expect(ret.affectedUsers).toEqual([]);
    expect(warrantOutcome(ret)).toBe('refused');
  });

  test('comply hands over content, metadata and keys in scope (negative control)', () => {
    for (const policy of ['comply', 'comply-silently'] as const) {
      const ret = answerWarrant(everything, policy, view, 10_000);
      expect(ret.refused).toEqual([]);
      expect(warrantOutcome(ret)).toBe('complied-in-full');
      expect(recordsDisclosed(ret, 'content')).toBe(3);
      expect(recordsDisclosed(ret, 'keys')).toBe(1);
      const content = ret.disclosed.find((d) => d.category === 'content');
      expect(content?.items.map((i) => i.label)).toEqual(['content/env-1', 'content/env-2', 'content/env-3']);
      expect(equalBytes(content?.items[0]?.bytes ?? new Uint8Array(), bodies[0] ?? new Uint8Array(1))).toBe(true);
    }
  });

  test('affected users are the target and every correspondent whose records left; the window is respected', () => {
    const ret = answerWarrant({ ...everything, scope: ['metadata'] }, 'refuse-content', view, 10_000);
    expect(ret.affectedUsers).toEqual([ALICE, BOB, CAROL]);
    const late = answerWarrant({ ...everything, scope: ['metadata'], fromMs: 40_000, toMs: 60_000 }, 'refuse-content', view, 60_000);
    expect(late.disclosed[0]?.recordCount).toBe(1);
    const empty = answerWarrant({ ...everything, scope: ['metadata'], fromMs: 90_000, toMs: 95_000 }, 'comply', view, 95_000);
    expect(empty.affectedUsers).toEqual([]);
  });

  test('a room warrant covers only that room', () => {
    const ret = answerWarrant({ ...everything, target: { kind: 'room', roomId: ROOM_AB } }, 'comply', view, 10_000);
    expect(recordsDisclosed(ret, 'content')).toBe(2);
    expect(ret.affectedUsers).toEqual([ALICE, BOB]);
  });

  test.prop([fc.subarray([...DATA_CATEGORIES], { minLength: 1 }), fc.nat(60_000), fc.nat(60_000)], { numRuns: 50 })(
    'SEC-WARRANT: for any scope and window, refuse-content discloses only metadata',
    (scope: DataCategory[], a, b) => {
      const ret = answerWarrant({ ...everything, scope, fromMs: Math.min(a, b), toMs: Math.max(a, b) }, 'refuse-content', view, 60_000);
      expect(ret.disclosed.every((d) => d.category === 'metadata')).toBe(true);
      expect([...ret.refused, ...ret.disclosed.map((d) => d.category)].sort()).toEqual([...scope].sort());
    },
  );

  test('malformed warrants are a harness bug (UsageError)', () => {
    expect(() => validateWarrant({ ...everything, scope: [] })).toThrow(UsageError);
    expect(() => validateWarrant({ ...everything, scope: ['content', 'content'] })).toThrow(UsageError);
    expect(() => validateWarrant({ ...everything, fromMs: 5, toMs: 4 })).toThrow(UsageError);
    expect(() => validateWarrant({ ...everything, id: '' })).toThrow(UsageError);
    expect(() => validateWarrant({ ...everything, gagUntilMs: -1 })).toThrow(UsageError);
    expect(() => answerWarrant({ ...everything, scope: ['secrets' as DataCategory] }, 'comply', view, 0)).toThrow(UsageError);
  });
});
