// The property catalogue (docs/properties.md): one entry per property ID — its promise, the judge
// that decides it (a pure function of the run's event log), the log events that judge reads, and the
// weak variants that must fail it (the catch matrix, catchMatrix.ts). Tests, campaigns, the CLI
// (`sealroom catalogue --json`) and the reports all read this one list.
import type { Capability } from '../engines/contract.ts';
import { lacking } from '../engines/contract.ts';
import { engineLabel, engineOfRun } from '../engines/registry.ts';
import type { WeakVariant } from '../protocol/variant.ts';
import { WEAK_VARIANTS } from '../protocol/variant.ts';
import type { RunEventKind } from '../sim/log/events.ts';
import { CATCH_MATRIX } from './catchMatrix.ts';
import { judgeDelivery, judgeIntegrity, judgeMitm } from './judges/conduct.ts';
import type { JudgeContext } from './judges/context.ts';
import { judgeGroup } from './judges/group.ts';
import { judgeRetention, judgeWarrant } from './judges/operator.ts';
import { judgeEvaporate, judgeForwardSecrecy, judgeHealing, judgePostQuantum, judgeServerBlind } from './judges/secrecy.ts';
import { notApplicable, notModelled, type Judgement } from './judges/verdict.ts';
import { PROPERTY_IDS, type CatalogueId, type PropertyId } from './propertyIds.ts';

export interface PropertySpec {
  readonly id: CatalogueId;
  readonly promise: string;
  /** How it is decided: from one run's log, from two runs of the same seed, or by the benchmark. */
  readonly judgedBy: 'run log' | 'second run' | 'benchmark';
  /** The judge over one run's log (none for DET-REPLAY and PERF-THROUGHPUT). */
  readonly judge: ((ctx: JudgeContext) => Judgement) | undefined;
  /** The log events the judge reads (the end-of-run seizures are phone-seized / server-seized events). */
  readonly reads: readonly RunEventKind[];
  /** Weak variants whose missing safeguard this property must catch. */
  readonly mustFailOn: readonly WeakVariant[];
  /** Engine capabilities the property needs (engines/contract.ts): on an engine lacking one it is not applicable. */
  readonly needs: readonly Capability[];
  /** The engines whose wire the judge itself reads (undefined: any engine, through its oracle); on any other it is not applicable. */
  readonly models?: readonly string[];
}

type Entry = Omit<PropertySpec, 'mustFailOn' | 'needs'> & { readonly needs?: readonly Capability[] };

const SECRECY_READS: readonly RunEventKind[] = ['run-started', 'device-created', 'message-sent', 'phone-seized', 'server-seized', 'attacker-device', 'user-event'];

const ENTRIES: readonly Entry[] = [
  {
    id: 'SEC-SERVER-BLIND',
    promise: 'the server never recovers plaintext, whatever it does and whatever is seized from it',
    judgedBy: 'run log',
    judge: judgeServerBlind,
    reads: [...SECRECY_READS, 'server-received', 'warrant-returned'],
  },
  {
    id: 'SEC-MITM',
    promise: 'a substituted key is rejected or raises a key-change warning before any plaintext is encrypted to it',
    judgedBy: 'run log',
    judge: judgeMitm,
    reads: ['device-created', 'message-sent', 'user-event', 'attacker-device'],
  },
  {
    id: 'SEC-EVAPORATE',
    promise: 'after a view (or its timer), neither phone nor the server yields the message or a key to it',
    judgedBy: 'run log',
    judge: judgeEvaporate,
    needs: ['view-once-deletion'],
    reads: [...SECRECY_READS, 'message-viewed', 'message-erased'],
  },
  {
    id: 'SEC-RETENTION',
    promise: 'an honest server deletes on delivery and after the TTL, encrypts at rest, and a seizure holds only what the policy allows',
    judgedBy: 'run log',
    judge: judgeRetention,
    reads: ['run-started', 'message-sent', 'message-accepted', 'server-seized'],
  },
  {
    id: 'SEC-INTEGRITY',
    promise: 'only what was sent is accepted, once; a refused message leaves the receiver unchanged',
    judgedBy: 'run log',
    judge: judgeIntegrity,
    reads: ['message-sent', 'message-accepted', 'message-refused', 'attack-envelope'],
  },
  {
    id: 'SEC-FS',
    promise: 'a phone seized at t yields nothing of messages whose keys it deleted before t',
    judgedBy: 'run log',
    judge: judgeForwardSecrecy,
    reads: ['device-created', 'message-sent', 'message-accepted', 'phone-seized'],
  },
  {
    id: 'SEC-PCS',
    promise: 'after a phone is stolen, two ratchet round trips without the thief make new messages secret again',
    judgedBy: 'run log',
    judge: judgeHealing,
    reads: ['message-sent', 'message-accepted', 'phone-seized'],
  },
  {
    id: 'SEC-GROUP',
    promise: 'a removed member cannot read later messages, a new member cannot read earlier ones, and a server-injected ghost is seen by every member and reads nothing',
    judgedBy: 'run log',
    judge: judgeGroup,
    needs: ['groups'],
    reads: ['message-sent', 'message-accepted', 'message-refused', 'membership-changed', 'group-injected', 'user-event'],
  },
  {
    id: 'SEC-WARRANT',
    promise: 'every seizure and warrant return is in the transparency report, every affected user is told, and content is refused',
    judgedBy: 'run log',
    judge: judgeWarrant,
    reads: ['message-sent', 'phone-seized', 'server-seized', 'warrant-served', 'warrant-returned', 'notification-sent', 'report-published'],
  },
  {
    id: 'SEC-PQ',
    promise: 'an attacker who later breaks every X25519 exchange still learns nothing from a PQXDH session',
    judgedBy: 'run log',
    judge: judgePostQuantum,
    needs: ['post-quantum'],
    // Its DH-breaking attacker re-runs the reference's PQXDH from the reference's wire and first-published secrets.
    models: ['privacy-mode'],
    reads: ['run-started', 'device-created', 'message-sent'],
  },
  {
    id: 'LIVE-DELIVERY',
    promise: 'under drops, delays, duplicates, reordering, offline periods and partitions, every message arrives exactly once',
    judgedBy: 'run log',
    judge: judgeDelivery,
    reads: ['run-started', 'message-sent', 'message-accepted', 'went-offline', 'came-online', 'setup-failed', 'phone-rolled-back', 'user-event', 'membership-changed', 'server-received', 'run-ended'],
  },
  { id: 'DET-REPLAY', promise: 'the same seed gives the same trace hash, byte for byte', judgedBy: 'second run', judge: undefined, reads: [], needs: ['deterministic-randomness'] },
  { id: 'PERF-THROUGHPUT', promise: 'the benchmark targets in bench/targets.json hold', judgedBy: 'benchmark', judge: undefined, reads: [] },
];

/**
 * The judge behind the applicability rule: on an engine lacking a needed capability, or one whose wire
 * the judge does not read, the verdict is 'not applicable' and the judge does not run.
 */
function applicable(e: Entry, judge: (ctx: JudgeContext) => Judgement): (ctx: JudgeContext) => Judgement {
  const needs = e.needs ?? [];
  if (needs.length === 0 && e.models === undefined) return judge;
  return (ctx) => {
    const engine = engineOfRun(ctx.run.settings);
    const missing = lacking(engine.capabilities, needs);
    if (missing.length > 0) return notApplicable(e.id as PropertyId, engineLabel(engine), missing);
    if (e.models !== undefined && !e.models.includes(engine.name)) return notModelled(e.id as PropertyId, engine.name, e.models);
    return judge(ctx);
  };
}

export const CATALOGUE: readonly PropertySpec[] = ENTRIES.map((e) => ({
  ...e,
  needs: e.needs ?? [],
  judge: e.judge === undefined ? undefined : applicable(e, e.judge),
  mustFailOn: CATCH_MATRIX.filter((row) => (row.breaks as readonly string[]).includes(e.id)).map((row) => row.variant),
}));

export function propertySpec(id: CatalogueId): PropertySpec {
  const spec = CATALOGUE.find((p) => p.id === id);
  if (spec === undefined) throw new RangeError(`no property ${id} in the catalogue`);
  return spec;
}

/** The catalogue as the CLI prints it (`sealroom catalogue --json`): properties, weak variants, and the catch matrix. */
export function catalogueJson(): object {
  return {
    properties: CATALOGUE.map(({ id, promise, judgedBy, reads, mustFailOn, needs }) => ({ id, promise, judgedBy, reads, mustFailOn, needs })),
    weakVariants: WEAK_VARIANTS.map((v) => {
      const row = CATCH_MATRIX.find((r) => r.variant === v);
      return { variant: v, mustFail: row?.breaks ?? [], underMaliciousServer: row?.underMaliciousServer ?? [], why: row?.why ?? '' };
    }),
    catchMatrix: { rows: [...WEAK_VARIANTS], columns: [...PROPERTY_IDS], cells: CATCH_MATRIX.flatMap((r) => r.breaks.map((p) => ({ variant: r.variant, property: p }))) },
  };
}
