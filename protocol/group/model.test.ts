// SEC-GROUP model-based test (fast-check commands): the model is only the member set and, per device,
// the set of message numbers it should have read. The real system is the group protocol with every
// message delivered at once to every device (members or not), plus replays of everything sent so far.
import { describe, expect } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { utf8 } from '../bytes.ts';
import { deviceId } from '../ids.ts';
import { addMember, createGroup, encryptGroupMessage, receiveGroupMessage, removeMember } from './index.ts';
import { ctxOf, makeWorld, party, runStep, type World } from '../../test/kits/groupHarness.ts';

const IDS = ['p0', 'p1', 'p2', 'p3', 'p4'] as const;

interface Model {
  readonly members: Set<string>;
  readonly readable: Map<string, Set<number>>;
}

interface Real {
  readonly world: World;
  readonly sent: Uint8Array[];
  readonly read: Map<string, Set<number>>;
}

function deliverAll(r: Real, n: number): void {
  for (const id of IDS) {
    const p = party(r.world, id);
    if (p.state === null) continue;
    const got = receiveGroupMessage(ctxOf(r.world, p), p.state, r.sent[n]!);
    if (got.accepted) {
      p.state = got.state;
      r.read.get(id)!.add(n);
    }
  }
}

function agree(m: Model, r: Real): void {
  for (const id of IDS)
    expect(
      [...r.read.get(id)!].sort((a, b) => a - b),
      `what ${id} read`,
    ).toEqual([...m.readable.get(id)!].sort((a, b) => a - b));
}

class Send implements fc.Command<Model, Real> {
  constructor(readonly who: string) {}
  check = (m: Readonly<Model>) => m.members.has(this.who);
  run(m: Model, r: Real): void {
    const p = party(r.world, this.who);
    const out = encryptGroupMessage(ctxOf(r.world, p), p.state!, utf8(`m${r.sent.length}`));
    p.state = out.state;
    const n = r.sent.push(out.message) - 1;
    for (const id of m.members) if (id !== this.who) m.readable.get(id)!.add(n);
    deliverAll(r, n);
    agree(m, r);
  }
  toString = () => `send(${this.who})`;
}

class Add implements fc.Command<Model, Real> {
  constructor(readonly who: string) {}
  check = (m: Readonly<Model>) => !m.members.has(this.who);
  run(m: Model, r: Real): void {
    const p0 = party(r.world, 'p0');
    runStep(r.world, p0, addMember(ctxOf(r.world, p0), p0.identity, p0.state!, party(r.world, this.who).peer));
    m.members.add(this.who);
    expect(party(r.world, this.who).state?.members.length).toBe(m.members.size);
  }
  toString = () => `add(${this.who})`;
}

class Remove implements fc.Command<Model, Real> {
  constructor(readonly who: string) {}
  check = (m: Readonly<Model>) => m.members.has(this.who) && this.who !== 'p0';
  run(m: Model, r: Real): void {
    const p0 = party(r.world, 'p0');
    runStep(r.world, p0, removeMember(ctxOf(r.world, p0), p0.identity, p0.state!, deviceId(this.who)));
    m.members.delete(this.who);
    expect(party(r.world, this.who).state).toBeNull();
  }
  toString = () => `remove(${this.who})`;
}

/** The server replays every message sent so far to everyone: nothing new may become readable. */
class ReplayAll implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    for (let n = 0; n < r.sent.length; n++) deliverAll(r, n);
    agree(m, r);
  }
  toString = () => 'replayAll()';
}

const who = fc.constantFrom(...IDS);
const commands = fc.commands([who.map((id) => new Send(id)), who.map((id) => new Add(id)), who.map((id) => new Remove(id)), fc.constant(new ReplayAll())], { maxCommands: 14 });

describe('SEC-GROUP model', () => {
  fcTest.prop([fc.nat(), commands], { numRuns: 20 })('SEC-GROUP model: each device reads exactly the messages sent while it was a member', (seed, cmds) => {
    const setup = () => {
      const world = makeWorld(seed, IDS);
      const p0 = party(world, 'p0');
      const initial = ['p0', 'p1', 'p2'];
      runStep(
        world,
        p0,
        createGroup(
          ctxOf(world, p0),
          p0.identity,
          world.roomId,
          initial.map((id) => party(world, id).peer),
        ),
      );
      const model: Model = { members: new Set(initial), readable: new Map(IDS.map((id) => [id, new Set<number>()])) };
      const real: Real = { world, sent: [], read: new Map(IDS.map((id) => [id, new Set<number>()])) };
      return { model, real };
    };
    fc.modelRun(setup, cmds);
  });
});
