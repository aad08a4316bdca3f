// What a variant's engine lets the generator produce. The shipped-2014 model
// (docs/weak-variants.md "shipped-2014") is 1:1 only with no KEM prekeys: scenarios/load.ts rejects
// group rooms, membership changes, inject-member, fork-group and strip-kem for it, so generation for
// it draws direct rooms only, and keeps its worlds small because every install is an RSA-2048 key.
import { engineInfo } from '../../engines/registry.ts';
import { protocolFlags, type VariantName } from '../../protocol/variant.ts';
import { GROUP_MOTIFS, type MotifKind } from './motif.ts';
import type { MotifWeights } from './motifArbs.ts';
import type { Profile } from './profile.ts';

/** World seeds stay within 31 bits: readable in file names and commands. */
export const MAX_WORLD_SEED = 0x7fff_ffff;
/**
 * shipped-2014 worlds: RSA-2048 key generation costs 0.5–1.3 s per install and is cached per
 * process by the seed it is drawn from, so the world seed comes from a few values and the keys of
 * two or three parties (and the server's MITM keys) are made once per process, not once per run.
 */
export const SHIPPED_WORLD_SEEDS = 4;
export const SHIPPED_MAX_PARTIES = 3;
/**
 * Motifs the shipped-2014 engine cannot run: group rooms do not exist there, and counter-jump is a
 * no-op (its messages carry no counter), so drawing it would only waste a run. The motifs aimed at
 * the privacy-mode safeguards added after the review (docs/weak-variants.md "Planned variants") stay
 * out too: they target setup and session code the 2014 model does not have.
 */
const SHIPPED_UNSUPPORTED: ReadonlySet<MotifKind> = new Set([...GROUP_MOTIFS, 'counter-jump', 'relabel-first', 'setup-replay', 'late-seizure', 'pq-downgrade', 'stale-bundle']);

function isShipped(variant: VariantName): boolean {
  return protocolFlags(variant).engine === 'shipped-2014';
}

/**
 * A device engine (engines/contract.ts) runs on the world's generic phone: 1:1 rooms only while it
 * offers no groups, and none of the motifs that mangle or strip the reference's own wire and bundles.
 */
/**
 * Motifs a device engine cannot run: groups (none offered yet), a stripped KEM prekey (its bundle's
 * format is the engine's own), and the mangled setup replay (it rewrites the reference's setup header).
 * Rollbacks and stale bundles run on a device engine's phone in scenario files, but the campaigns do
 * not draw them there yet.
 */
const DEVICE_UNSUPPORTED: ReadonlySet<MotifKind> = new Set([...GROUP_MOTIFS, 'setup-replay', 'pq-downgrade', 'rollback', 'rollback-replay', 'rollback-thief', 'stale-bundle']);

function isDeviceEngine(engine: string | undefined): boolean {
  return engine !== undefined && engineInfo(engine).host === 'device';
}

/** Why a profile cannot be generated for a variant (on `engine`, when named), or null when it can. */
export function unsupportedReason(p: Profile, variant: VariantName, engine?: string): string | null {
  const device = isDeviceEngine(engine);
  if (!isShipped(variant) && !device) return null;
  const name = device ? `the ${engine} engine` : 'the shipped-2014 engine';
  if (p.cast === 'group') return device ? `${name} offers no group rooms` : 'the shipped-2014 design had no group rooms';
  const unsupported = device ? DEVICE_UNSUPPORTED : SHIPPED_UNSUPPORTED;
  const usable = Object.entries(p.focus).some(([k, w]) => w !== undefined && w > 0 && !unsupported.has(k as MotifKind));
  return usable ? null : `every focus motif of this property needs what ${name} lacks`;
}

/** The profile narrowed to what the variant's engine runs; throws if nothing of it is left. */
export function fitProfile(p: Profile, variant: VariantName, engine?: string): Profile {
  const reason = unsupportedReason(p, variant, engine);
  if (reason !== null) throw new RangeError(`fitProfile: ${reason}`);
  if (!isShipped(variant) && !isDeviceEngine(engine)) return p;
  const unsupported = isDeviceEngine(engine) ? DEVICE_UNSUPPORTED : SHIPPED_UNSUPPORTED;
  const keep = (w: MotifWeights): MotifWeights => Object.fromEntries(Object.entries(w).filter(([k]) => !unsupported.has(k as MotifKind)));
  const clamp = (n: number) => (isShipped(variant) ? Math.min(n, SHIPPED_MAX_PARTIES) : n);
  const background = keep(p.background);
  const anyBackground = Object.keys(background).length > 0;
  return {
    ...p,
    ...(p.cast === 'either' ? { cast: 'direct' as const } : {}),
    partyCount: [clamp(p.partyCount[0]), clamp(p.partyCount[1])],
    focus: keep(p.focus),
    background: anyBackground ? background : { chat: 1 },
    ...(anyBackground ? {} : { backgroundCount: [0, 0] as const }),
  };
}

/** Largest world seed drawn for the variant. */
export function worldSeedMax(variant: VariantName): number {
  return isShipped(variant) ? SHIPPED_WORLD_SEEDS - 1 : MAX_WORLD_SEED;
}
