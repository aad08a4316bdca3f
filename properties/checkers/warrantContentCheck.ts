// SEC-WARRANT, the "no content" half (docs/properties.md promise 5: "conversation data is no longer handed
// over"): no warrant return may carry a privacy-mode envelope, whatever the warrant asked for.
// Items are matched by the envelope id in their label (`content/<envelopeId>`, any '/'-separated part).
import type { WarrantReturn } from '../../sim/authority/warrantReturn.ts';
import { type Violation, violation } from './violation.ts';

export function checkWarrantContent(returns: readonly WarrantReturn[], privacyModeEnvelopeIds: Iterable<string>): Violation[] {
  const ids = new Set(privacyModeEnvelopeIds);
  const out: Violation[] = [];
  for (const ret of returns) {
    for (const d of ret.disclosed) {
      if (d.recordCount !== d.items.length) {
        out.push(violation('SEC-WARRANT', `warrant ${ret.warrantId}: ${d.category} return counts ${d.recordCount} records but carries ${d.items.length}`));
      }
      for (const item of d.items) {
        const hit = item.label.split('/').find((part) => ids.has(part));
        if (hit !== undefined) {
          out.push(violation('SEC-WARRANT', `warrant ${ret.warrantId}: privacy-mode envelope ${hit} handed over (${d.category}, ${item.bytes.length} bytes)`));
        }
      }
    }
  }
  return out;
}
