// LIVE-DELIVERY and the acceptance half of SEC-INTEGRITY, from ground truth (docs/properties.md property
// catalogue): at the end of a healed run every recipient decrypted every message exactly once, and
// nobody decrypted a message that was never sent to them.
import type { GroundTruth } from '../../sim/log/truth.ts';
import { type Violation, violation } from './violation.ts';

export function checkExactlyOnce(gt: GroundTruth): Violation[] {
  const decrypted = new Map<string, number>();
  for (const e of gt.events) {
    if (e.kind === 'decrypted') decrypted.set(`${e.messageId}\u0000${e.recipient}`, (decrypted.get(`${e.messageId}\u0000${e.recipient}`) ?? 0) + 1);
  }
  const out: Violation[] = [];
  for (const m of gt.sent()) {
    for (const r of m.recipients) {
      const k = `${m.messageId}\u0000${r}`;
      const n = decrypted.get(k) ?? 0;
      decrypted.delete(k);
      if (n !== 1) out.push(violation(n === 0 ? 'LIVE-DELIVERY' : 'SEC-INTEGRITY', `message ${m.messageId} to ${r}: decrypted ${n} times, expected once`));
    }
  }
  for (const [k, n] of decrypted) out.push(violation('SEC-INTEGRITY', `${k.replace('\u0000', ' → ')}: decrypted ${n} times but never sent to that user`));
  return out;
}
