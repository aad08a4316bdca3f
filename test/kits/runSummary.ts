// A hand-made RunSummary for the producers' unit tests: two parties, a send, a delivery, a view, an
// offline span, a warrant, a phone and a server seizure, one failed property. No world is run.
import { transparencyReport } from '../../sim/authority/index.ts';
import type { PropertyId, Verdict } from '../../scenarios/types.ts';
import { PROPERTY_IDS } from '../../scenarios/types.ts';
import type { RunSummary } from '../../reports/producers/runSummary.ts';

export function testSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  const verdicts = Object.fromEntries(PROPERTY_IDS.map((p) => [p, p === 'SEC-FS' ? 'fail' : 'pass'])) as Record<PropertyId, Verdict>;
  const expected: Partial<Record<PropertyId, Verdict>> = { 'SEC-FS': 'pass', 'SEC-EVAPORATE': 'pass', 'SEC-MITM': 'fail' };
  return {
    scenario: 'fixture-run',
    goal: 'A fixture goal.',
    threat: 'A fixture threat.',
    expectedText: 'Fixture expectations.',
    seed: 5,
    variant: 'reference',
    serverMode: 'curious',
    warrantPolicy: 'refuse-content',
    parties: ['alice', 'bob'],
    rooms: [{ id: 'ab', kind: 'direct', members: ['alice', 'bob'] }],
    lastActionMs: 20_000,
    endMs: 345_620_000,
    verdicts,
    expected,
    matches: false,
    traceHash: 'ab'.repeat(32),
    judgements: PROPERTY_IDS.map((p) => ({
      property: p,
      verdict: verdicts[p],
      expected: expected[p] ?? null,
      violations: p === 'SEC-FS' ? ['bob kept a key for alice-m1', 'second', 'third'] : [],
      exercised: p === 'SEC-FS' ? ['phone seized after messages were decrypted'] : [],
    })),
    messages: [{ label: 'hello', messageId: 'alice-m1', from: 'alice', room: 'ab', atMs: 1_000, bytes: 40, recipients: ['bob'], evaporation: 'view-once', heldFor: [] }],
    deliveries: [{ atMs: 1_100, recipient: 'bob', claimedFrom: 'alice', messageId: 'alice-m1' }],
    deviceEvents: [{ atMs: 9_000, device: 'bob', kind: 'viewed', detail: 'alice-m1' }],
    refusals: [{ atMs: 9_500, device: 'bob', from: 'alice', code: 'DUPLICATE_MESSAGE' }],
    spans: [{ lane: 'alice', startMs: 2_000, endMs: 4_000, kind: 'offline' }],
    serverSaw: [
      { atMs: 1_050, serverId: 's1', from: 'alice', to: 'bob', room: 'ab', sizeBytes: 1325, bucketBytes: 2048, origin: 'submitted', effect: null, erasedAtMs: 1_150, erasedReason: 'ack' },
      { atMs: 9_400, serverId: 's2', from: 'alice', to: 'bob', room: 'ab', sizeBytes: null, bucketBytes: null, origin: 'injected (replay)', effect: null, erasedAtMs: null, erasedReason: null },
    ],
    serverActions: [
      { atMs: 9_400, kind: 'attack', detail: 'replay' },
      { atMs: 21_600_000, kind: 'backup', detail: '4 records' },
    ],
    phoneSeizures: [{ atMs: 10_000, user: 'bob', stolen: false, blobBytes: 5_000 }],
    serverSeizures: [
      {
        atMs: 20_000,
        itemCount: 10,
        byteCount: 12_000,
        atRestKeys: 1,
        byArea: [
          { area: 'archive', items: 6, bytes: 8_000 },
          { area: 'disk', items: 4, bytes: 4_000 },
        ],
      },
    ],
    authority: [{ atMs: 15_000, kind: 'warrant', warrant: 'W1', detail: 'account bob: content, metadata, gag until 18000 ms', gagUntilMs: 18_000 }],
    transparency: transparencyReport({ entries: [] }, { fromMs: 0, toMs: 345_620_001 }),
    operatorLied: false,
    counts: { traceLines: 50, serverLive: 0, serverRetained: 0, metadataRecords: 2, backups: 1, archiveItems: 6 },
    ...overrides,
  };
}
