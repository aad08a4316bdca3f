import { describe, expect, test } from 'vitest';
import { deviceId } from '../../protocol/ids.ts';
import { TransparencyLedger, serveWarrant } from './ledger.ts';
import { memoryServerView } from './memoryServerView.ts';
import { formatSimTime, renderTransparencyMarkdown } from './reportMarkdown.ts';
import { ALICE, BOB, sampleRecords } from '../../test/kits/serverRecords.ts';
import { transparencyReport } from './transparencyReport.ts';
import type { WarrantPolicy } from './warrant.ts';

const DAY = 86_400_000;
const view = memoryServerView(sampleRecords());

function render(policy: WarrantPolicy, seize = true): string {
  const ledger = new TransparencyLedger({ reportSeizures: true });
  serveWarrant(ledger, { id: 'w-17', servedAtMs: 10_000, target: { kind: 'user', userId: ALICE }, scope: ['content', 'metadata'], fromMs: 0, toMs: 10_000, gagUntilMs: 2 * DAY }, policy, view, 10_000);
  if (seize) {
    ledger.recordServerSeizure({ items: [{ label: 'db', bytes: new Uint8Array(4) }], atRestKeys: [new Uint8Array(32)] }, DAY + 3_723_000);
    ledger.recordPhoneSeizure({ deviceId: deviceId('bob-1'), userId: BOB }, DAY + 3_800_000);
  }
  return renderTransparencyMarkdown(transparencyReport(ledger, { fromMs: 0, toMs: 7 * DAY }, { operator: 'Example Chat' }));
}

describe('renderTransparencyMarkdown', () => {
  test('SEC-WARRANT: renders every section of an operator report', () => {
    const md = render('refuse-content');
    for (const heading of [
      '# Transparency report — Example Chat',
      '## Summary',
      '## Warrants received',
      '## Outcome',
      '## Data disclosed',
      '## Accounts affected',
      '## User notifications',
      '## Seizures',
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('Period: T+0d 00:00:00 to T+7d 00:00:00');
    expect(md).toContain('| Complied in part | 1 |');
    expect(md).toContain('| Metadata (sender, recipient, time, size bucket) | 1 | 3 |');
    expect(md).toContain('| w-17 | T+0d 00:00:10 | Complied in part | metadata: 3 | content |');
    expect(md).toContain('- Pending under a gag order at period end: 0');
    expect(md).toContain('| T+1d 01:02:03 | Server | 1 stored item; at-rest keys taken |');
    expect(md).toContain('1 server seizure and 1 phone seizure (1 account)');
  });

  test('SEC-WARRANT: "conversation content disclosed: none" appears only when it is true', () => {
    expect(render('refuse-content')).toContain('**Conversation content disclosed: none.**');
    const complied = render('comply');
    expect(complied).not.toContain('disclosed: none');
    expect(complied).toContain('**Conversation content disclosed: 3 records under 1 warrant.**');
  });

  test('an empty period still reads as a report', () => {
    const ledger = new TransparencyLedger({ reportSeizures: true });
    const md = renderTransparencyMarkdown(transparencyReport(ledger, { fromMs: 0, toMs: DAY }));
    expect(md).toContain('We received 0 warrants in this period');
    expect(md).toContain('No warrant returns were made in this period.');
    expect(md).toContain('0 server seizures and 0 phone seizures');
  });

  test('formatSimTime shows days, clock time and milliseconds', () => {
    expect(formatSimTime(0)).toBe('T+0d 00:00:00');
    expect(formatSimTime(3 * DAY + 13 * 3_600_000 + 4 * 60_000 + 5_006)).toBe('T+3d 13:04:05.006');
  });
});
