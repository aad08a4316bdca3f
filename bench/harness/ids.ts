// Stable case ids: `suite.op[.param].impl`, e.g. `protocol.one-way.1024B.sealroom-native` or
// `group.send.128m.sealroom-noble`. Ratios and bench/targets.json name cases by these ids.
import type { CaseParams, ImplName, SuiteName } from './types.ts';

export function paramTag(params: CaseParams): string {
  const parts: string[] = [];
  if (params.bytes !== undefined) parts.push(`${params.bytes}B`);
  if (params.members !== undefined) parts.push(`${params.members}m`);
  return parts.join('.');
}

export function caseId(suite: SuiteName, op: string, params: CaseParams, impl: ImplName): string {
  const tag = paramTag(params);
  return [suite, op, ...(tag === '' ? [] : [tag]), impl].join('.');
}

/** The same case on another implementation (noble ↔ native pairs, sealroom ↔ peer). */
export function withImpl(id: string, impl: ImplName): string {
  const at = id.lastIndexOf('.');
  return `${id.slice(0, at)}.${impl}`;
}

/** The two group designs the group-designs rows compare; their byte counts are named by design, not provider. */
export type GroupDesign = 'sender-keys' | 'mls-ts';

/** Size id of a group-design byte count, e.g. `group-designs.remove.total.1000m.mls-ts`. */
export function designSizeId(metric: string, members: number, design: GroupDesign): string {
  return `group-designs.${metric}.${members}m.${design}`;
}
