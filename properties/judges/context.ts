// Everything a judge may look at after a run, built from the run's event log alone (sim/log): the
// view of the log, the engine's oracle (its own decrypt code, chosen by the engine the log names),
// and the end-of-run seizures the world performed before the log closed. Judging never touches the
// world: the same log gives the same verdicts, however often it is judged.
import { getProvider, type CryptoProvider, type ProviderName } from '../../protocol/crypto/index.ts';
import { equalIdentityKeys, type IdentityKey } from '../../protocol/identity/identityKey.ts';
import { createDrbg, type Drbg } from '../../protocol/random/drbg.ts';
import { UsageError } from '../../protocol/errors.ts';
import type { RunEvent, SentCopy, SentMessage, ServerSeizure } from '../../sim/log/events.ts';
import { decodeStoredEnvelope } from '../../sim/server/envelope.ts';
import { ARCHIVED_ENVELOPE_PREFIX } from '../../sim/server/serverView.ts';
import { viewOf, type RunView } from '../../sim/log/view.ts';
import type { JudgedCopy, PhoneOracle } from '../../sim/world/phone.ts';
import type { SeizedState } from '../../sim/world/phoneState.ts';
import { engineOfRun, loadDeviceEngine } from '../../engines/registry.ts';
import { deviceEngineOracle } from './engineOracle.ts';
import { oracleFor } from './oracles/index.ts';

export interface JudgeContext {
  readonly run: RunView;
  readonly oracle: PhoneOracle;
  readonly provider: CryptoProvider;
  readonly endMs: number;
  /** Every phone's state at the end of the run, as the oracle reads the end-of-run seizure. */
  readonly finalPhones: ReadonlyMap<string, SeizedState>;
  /** The whole server at the end of the run, with its at-rest keys. */
  readonly finalServer: ServerSeizure;
  /** A seeded stream for a judge's own randomness (attacker devices need an rng), fixed by the run's seed. */
  rng(label: string): Drbg;
}

export function judgeContext(events: readonly RunEvent[]): JudgeContext {
  const run = viewOf(events);
  if (run.finalServer === undefined) throw new UsageError('judge: the log has no end-of-run seizure (was the world finished?)');
  const provider = getProvider(run.settings.provider as ProviderName);
  const streams = new Map<string, Drbg>();
  const rng = (label: string): Drbg => {
    let s = streams.get(label);
    if (s === undefined) {
      s = createDrbg(`judge:${run.settings.seed}:${label}`);
      streams.set(label, s);
    }
    return s;
  };
  const engine = engineOfRun(run.settings);
  const oracle = engine.host === 'world' ? oracleFor(run.settings.variant, provider, rng('oracle')) : deviceEngineOracle(loadDeviceEngine(engine.name), provider, rng('oracle:clones'));
  const finalPhones = new Map<string, SeizedState>();
  for (const [user, s] of run.finalPhones) finalPhones.set(user, oracle.open(s.blob, s.storageKey));
  return { run, oracle, provider, endMs: run.endMs, finalPhones, finalServer: run.finalServer, rng };
}

const genuine = (ctx: JudgeContext, user: string): IdentityKey | undefined => ctx.run.identities.get(user);

export function isGenuine(ctx: JudgeContext, copy: SentCopy): boolean {
  const real = genuine(ctx, copy.to);
  return real !== undefined && equalIdentityKeys(real, copy.encryptedTo);
}

/**
 * A copy encrypted to a substituted key at FIRST contact, never verified: outside every promise
 * (trust on first use), so the secrecy judges skip it and SEC-MITM reports it only as a note.
 */
export function isUnverifiedFirstContact(ctx: JudgeContext, m: SentMessage, copy: SentCopy): boolean {
  if (isGenuine(ctx, copy) || copy.verified) return false;
  const first = ctx.run.messages.flatMap((x) => (x.from === m.from ? x.copies.filter((c) => c.to === copy.to) : []))[0];
  return first !== undefined && equalIdentityKeys(first.encryptedTo, copy.encryptedTo);
}

/** A 1:1 message's captured ciphertexts with what is public about them (group messages: see group.ts). */
export function copiesOf(ctx: JudgeContext, m: SentMessage): JudgedCopy[] {
  if (m.kind === 'group') return [];
  return m.copies.map((c) => ({
    label: `${m.messageId}->${c.to}`,
    wire: c.wire,
    from: m.from,
    to: c.to,
    canary: m.canary,
    identities: [genuine(ctx, m.from), genuine(ctx, c.to), c.encryptedTo].filter((x): x is IdentityKey => x !== undefined),
  }));
}

/** A pairwise envelope a phone handed the server: who really sent it to whom, when, and its body. */
export interface PairwiseHanded {
  readonly from: string;
  readonly to: string;
  readonly wire: Uint8Array;
  readonly atMs: number;
}

/**
 * Every pairwise envelope (text or group control) a phone handed the server, in order, from the
 * simulator's record of what the server received — never from the server's own store, which it may
 * doctor. The phones are honest, so `from` is who really sent it.
 */
export function pairwiseHanded(ctx: JudgeContext): PairwiseHanded[] {
  return ctx.run.serverReceived.flatMap((r) => {
    if (!r.label.startsWith(ARCHIVED_ENVELOPE_PREFIX)) return [];
    const { envelope: e } = decodeStoredEnvelope(r.bytes);
    return e.kind === 'pairwise' ? [{ from: e.from, to: e.to, wire: e.body, atMs: r.atMs }] : [];
  });
}
