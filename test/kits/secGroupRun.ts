// The SEC-GROUP scenario runner and checker (ground truth kept by the test, not by the protocol):
// a scenario is data generated up front (sends, adds, removes, deliveries with drops and reorders,
// a server-injected ghost, a forked view); running it returns every violation of SEC-GROUP found.
import { utf8, equalBytes } from '../../protocol/bytes.ts';
import { deviceId } from '../../protocol/ids.ts';
import { MAX_GROUP_PAST_EPOCHS } from '../../protocol/limits.ts';
import type { ProtocolFlags } from '../../protocol/variant.ts';
import { addMember, createGroup, encryptGroupMessage, isDivergenceEvent, receiveGroupMessage, removeMember } from '../../protocol/group/index.ts';
import { ctxOf, keyTrial, makeWorld, party, runStep, type Party, type World } from './groupHarness.ts';

const POOL = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'] as const;
/** 'gh' is injected by the server; 'fg' is the ghost an equivocating admin shows a forked subset. */
const EVERYONE = [...POOL, 'gh', 'fg'] as const;

export type Action =
  | { readonly t: 'send'; readonly who: number }
  | { readonly t: 'add'; readonly who: number }
  | { readonly t: 'remove'; readonly who: number }
  | { readonly t: 'deliver'; readonly msg: number; readonly to: number }
  | { readonly t: 'inject' }
  | { readonly t: 'fork'; readonly victims: number };

export interface Scenario {
  /** Bit i (1..5) set: POOL[i] is in the room at creation; p0 (the creator, sole admin) always is. */
  readonly initial: number;
  readonly actions: readonly Action[];
  /** Message numbers (mod count) the network drops in the final flush. */
  readonly drops: readonly number[];
}

/** How much each check was exercised (so a suite that checks nothing is noticed). */
export interface Coverage {
  mustRead: number;
  reads: number;
  adversarialRefused: number;
  forks: number;
  injects: number;
  removedRetained: number;
  keyTrials: number;
}

export function emptyCoverage(): Coverage {
  return { mustRead: 0, reads: 0, adversarialRefused: 0, forks: 0, injects: 0, removedRetained: 0, keyTrials: 0 };
}

export interface Violation {
  readonly kind: 'read-not-allowed' | 'read-twice' | 'not-read' | 'unreported' | 'key-trial' | 'wrong-plaintext' | 'pairwise-refusal';
  readonly detail: string;
}

interface Sent {
  readonly n: number;
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly sender: string;
  readonly epoch: number;
  readonly adversarial: boolean;
  /** Ground truth: who may read it (members at send time, minus the sender, minus forked devices). */
  readonly allowed: ReadonlySet<string>;
  readonly serials: ReadonlyMap<string, number>;
}

class Run {
  readonly world: World;
  readonly serial = new Map<string, number>();
  readonly forked = new Set<string>();
  readonly sent: Sent[] = [];
  readonly deliveries = new Map<string, number>();
  readonly reads = new Map<string, number>();
  readonly violations: Violation[] = [];
  adversarySeen = false;
  private nextSerial = 1;

  constructor(
    seed: number,
    flags: ProtocolFlags,
    initial: number,
    readonly cov: Coverage,
  ) {
    this.world = makeWorld(seed, EVERYONE, flags);
    const p0 = this.p('p0');
    const members = POOL.filter((_id, i) => i === 0 || (initial & (1 << i)) !== 0);
    runStep(
      this.world,
      p0,
      createGroup(
        ctxOf(this.world, p0),
        p0.identity,
        this.world.roomId,
        members.map((id) => this.p(id).peer),
      ),
    );
    for (const id of members) this.serial.set(id, this.nextSerial++);
  }

  p(id: string): Party {
    return party(this.world, id);
  }

  honest(id: string): boolean {
    return this.serial.has(id) && !this.forked.has(id) && this.p(id).state !== null;
  }

  send(id: string): void {
    const s = this.p(id);
    if (s.state === null) return;
    const text = `msg-${this.sent.length}-from-${id}`;
    const r = encryptGroupMessage(ctxOf(this.world, s), s.state, utf8(text));
    const adversarial = this.forked.has(id) || id === 'gh';
    const allowed = new Set(adversarial ? [...this.forked, 'fg'].filter((x) => x !== id) : [...this.serial.keys()].filter((x) => x !== id && !this.forked.has(x)));
    this.sent.push({ n: this.sent.length, bytes: r.message, text, sender: id, epoch: s.state.epoch, adversarial, allowed, serials: new Map(this.serial) });
    s.state = r.state;
  }

  add(id: string): void {
    const p0 = this.p('p0');
    if (this.p(id).state !== null || this.forked.has(id) || this.serial.has(id)) return;
    runStep(this.world, p0, addMember(ctxOf(this.world, p0), p0.identity, p0.state!, this.p(id).peer));
    this.serial.set(id, this.nextSerial++);
  }

  remove(id: string): void {
    if (!this.serial.has(id) || id === 'p0') return;
    const p0 = this.p('p0');
    runStep(this.world, p0, removeMember(ctxOf(this.world, p0), p0.identity, p0.state!, deviceId(id)));
    this.serial.delete(id);
  }

  /** The server adds a device of its own: it fabricates a room, pushes its keys to the members, and sends. */
  inject(): void {
    const gh = this.p('gh');
    this.adversarySeen = true;
    this.cov.injects++;
    if (gh.state === null) {
      const targets = [...this.serial.keys()].filter((id) => this.p(id).state !== null);
      const step = createGroup(ctxOf(this.world, gh), gh.identity, this.world.roomId, [gh.peer, ...targets.map((id) => this.p(id).peer)]);
      runStep(this.world, gh, step, (s) => this.p(s.to).state !== null);
      for (const id of targets) if (this.honest(id)) this.expectReported(id, 'gh', 'pairwise');
    }
    this.send('gh');
  }

  /** p0 signs two different ops for the same epoch: "add fg" shown to `victims`, "add x" to everyone else. */
  fork(mask: number): void {
    if (this.forked.size > 0) return;
    const victims = [...this.serial.keys()].filter((id) => id !== 'p0' && (mask & (1 << POOL.indexOf(id as (typeof POOL)[number]))) !== 0);
    const x = POOL.find((id) => !this.serial.has(id) && this.p(id).state === null);
    if (victims.length === 0 || x === undefined) return;
    this.adversarySeen = true;
    this.cov.forks++;
    const p0 = this.p('p0');
    const ctx = ctxOf(this.world, p0);
    const side = addMember(ctx, p0.identity, p0.state!, this.p('fg').peer);
    runStep(this.world, p0, { ...side, state: p0.state }, (s) => victims.includes(s.to) || s.to === 'fg');
    for (const v of victims) this.forked.add(v);
    this.forked.add('fg');
    this.add(x);
    for (const v of victims) this.expectReported(v, 'p0', 'pairwise');
  }

  private expectReported(id: string, from: string, where: string): void {
    const p = this.p(id);
    if (!p.events.some((e) => isDivergenceEvent(e) && 'from' in e && e.from === from)) {
      this.violations.push({ kind: 'unreported', detail: `${id} was not told about ${from}'s ${where} traffic` });
    }
  }

  deliver(m: Sent, to: string): void {
    const key = `${m.n}:${to}`;
    const count = (this.deliveries.get(key) ?? 0) + 1;
    this.deliveries.set(key, count);
    const t = this.p(to);
    if (t.state === null || to === m.sender) return;
    const mustRead =
      count === 1 &&
      m.allowed.has(to) &&
      !m.adversarial &&
      this.honest(to) &&
      this.serial.get(to) === m.serials.get(to) &&
      this.serial.get(m.sender) === m.serials.get(m.sender) &&
      t.state.epoch - m.epoch <= MAX_GROUP_PAST_EPOCHS;
    if (mustRead) this.cov.mustRead++;
    const r = receiveGroupMessage(ctxOf(this.world, t), t.state, m.bytes);
    t.events.push(...r.events);
    if (r.accepted) {
      this.cov.reads++;
      t.state = r.state;
      const reads = (this.reads.get(key) ?? 0) + 1;
      this.reads.set(key, reads);
      if (!m.allowed.has(to)) this.violations.push({ kind: 'read-not-allowed', detail: `${to} read #${m.n} from ${m.sender}` });
      if (reads > 1) this.violations.push({ kind: 'read-twice', detail: `${to} read #${m.n} ${reads} times` });
      if (!equalBytes(r.plaintext, utf8(m.text))) this.violations.push({ kind: 'wrong-plaintext', detail: `${to} #${m.n}` });
      return;
    }
    if (mustRead) this.violations.push({ kind: 'not-read', detail: `${to} refused #${m.n} from ${m.sender}: ${r.error.code}` });
    if (m.adversarial && this.honest(to)) this.cov.adversarialRefused++;
    if (m.adversarial && this.honest(to) && !r.events.some(isDivergenceEvent)) {
      this.violations.push({ kind: 'unreported', detail: `${to} refused #${m.n} from ${m.sender} (${r.error.code}) without telling the user` });
    }
  }

  /** The attacker's view: every state a non-reader ever held (kept after removal, or current) tries every message. */
  keyTrials(): void {
    for (const m of this.sent) {
      for (const id of EVERYONE) {
        if (id === m.sender || m.allowed.has(id)) continue;
        const p = this.p(id);
        const states = p.state === null ? p.retained : [...p.retained, p.state];
        if (p.retained.length > 0) this.cov.removedRetained++;
        for (const s of states) {
          this.cov.keyTrials++;
          if (keyTrial(this.world, p, s, m.bytes)) this.violations.push({ kind: 'key-trial', detail: `${id} can open #${m.n} from ${m.sender}` });
        }
      }
    }
  }
}

export function runScenario(seed: number, flags: ProtocolFlags, scenario: Scenario, cov: Coverage = emptyCoverage()): readonly Violation[] {
  const run = new Run(seed, flags, scenario.initial, cov);
  for (const a of scenario.actions) {
    if (a.t === 'send') run.send(POOL[a.who % POOL.length] as string);
    else if (a.t === 'add') run.add(POOL[1 + (a.who % (POOL.length - 1))] as string);
    else if (a.t === 'remove') run.remove(POOL[1 + (a.who % (POOL.length - 1))] as string);
    else if (a.t === 'inject') run.inject();
    else if (a.t === 'fork') run.fork(a.victims);
    else if (run.sent.length > 0) run.deliver(run.sent[a.msg % run.sent.length] as Sent, EVERYONE[a.to % EVERYONE.length] as string);
  }
  const dropped = new Set(scenario.drops.map((d) => (run.sent.length === 0 ? 0 : d % run.sent.length)));
  for (const m of run.sent) if (!dropped.has(m.n)) for (const id of EVERYONE) run.deliver(m, id);
  run.keyTrials();
  if (!run.adversarySeen) {
    for (const id of EVERYONE) for (const r of run.p(id).pairwiseRefusals) run.violations.push({ kind: 'pairwise-refusal', detail: `${id} refused ${r.code} from ${r.from}` });
  }
  return run.violations;
}
