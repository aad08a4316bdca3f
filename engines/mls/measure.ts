// What the MLS engine costs, through the blocking bridge (what the world pays per call): send, receive,
// add, remove and self-update at N members, in ms and bytes. Not a test. Run:
//   node --import tsx engines/mls/measure.ts [N ...]        (default: 10 100)
// The room is made the way a campaign makes it: one member adds the others in one commit (a "cold" tree:
// blank parents, unmerged leaves). Only three members join and process; the rest exist as leaves.
import type { PeerAddress } from '../contract.ts';
import type { MlsCommitted, MlsDevice } from './contract.ts';
import { mlsEngine } from './engine.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const seed = (n: number) => {
  const s = new Uint8Array(32);
  new DataView(s.buffer).setUint32(0, n + 1);
  return s;
};

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

function mean(n: number, f: (i: number) => void): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  return (performance.now() - t0) / n;
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

function measure(n: number): Record<string, string> {
  const engine = mlsEngine();
  try {
    const room = `room-${n}`;
    const addr = (i: number): PeerAddress => ({ user: `user${i}`, device: 1 });
    const devices: MlsDevice[] = [];
    for (let i = 0; i < n + 1; i++) devices.push(engine.createDevice(addr(i), 0, seed(i)));
    const [alice, bob, carol] = devices as [MlsDevice, MlsDevice, MlsDevice];
    const newcomer = devices[n] as MlsDevice;
    const rest = devices.slice(1, n);
    const out: Record<string, string> = {};

    ok(alice.createGroup(room, 0));
    const kps = rest.map((d) => ({ peer: d.address, keyPackage: d.keyPackage(0).bytes }));
    const [bulk, tBulk] = time(() => ok(alice.add(room, kps, 0)));
    ok(alice.confirm(room, bulk.commit));
    out['bulk add of N-1: create (ms)'] = ms(tBulk);
    out['bulk add: welcome (B)'] = String(bulk.welcome?.length);
    const [, tJoin] = time(() => ok(bob.join(bulk.welcome as Uint8Array, 0)));
    ok(carol.join(bulk.welcome as Uint8Array, 0));
    out['join from the bulk welcome (ms)'] = ms(tJoin);

    const commitRound = (label: string, by: MlsDevice, make: () => MlsCommitted, other: MlsDevice, third: MlsDevice) => {
      const [c, tMake] = time(() => ok(make()));
      ok(by.confirm(room, c.commit));
      const [, tProcess] = time(() => ok(other.processCommit(room, c.commit, 0)));
      ok(third.processCommit(room, c.commit, 0));
      out[`${label}: create (ms)`] = ms(tMake);
      out[`${label}: process by another member (ms)`] = ms(tProcess);
      out[`${label}: commit (B)`] = String(c.commit.length);
      return c;
    };

    commitRound('self-update, cold tree', alice, () => alice.update(room, 0), bob, carol);
    commitRound('self-update by a second member', bob, () => bob.update(room, 0), alice, carol);
    const added = commitRound('add 1 member', alice, () => alice.add(room, [{ peer: newcomer.address, keyPackage: newcomer.keyPackage(0).bytes }], 0), bob, carol);
    out['add 1 member: welcome (B)'] = String(added.welcome?.length);
    const [, tNew] = time(() => ok(newcomer.join(added.welcome as Uint8Array, 0)));
    out['add 1 member: newcomer joins (ms)'] = ms(tNew);
    commitRound('remove 1 member', alice, () => alice.remove(room, [(rest[rest.length - 1] as MlsDevice).address], 0), bob, carol);

    const messages: Uint8Array[] = [];
    out['send, mean of 50 (ms)'] = ms(mean(50, (i) => messages.push(ok(alice.send(room, enc(`message ${i}`))).message)));
    out['application message (B)'] = String(messages[0]?.length);
    out['receive, mean of 40 (ms)'] = ms(mean(40, (i) => ok(bob.receive(room, messages[i] as Uint8Array))));
    // The world exports around every refusal: a state just changed is encoded afresh, an unchanged one is cached.
    let state: Uint8Array = new Uint8Array();
    let fresh = 0;
    for (let i = 40; i < 50; i++) {
      ok(bob.receive(room, messages[i] as Uint8Array));
      fresh += time(() => {
        state = bob.exportState();
      })[1];
    }
    out['exportState after a change, mean of 10 (ms)'] = ms(fresh / 10);
    out['exportState unchanged (cached), mean of 10 (ms)'] = ms(mean(10, () => bob.exportState()));
    out['exported state of a member (B)'] = String(state.length);
    out['bridge round trip (epoch view), mean of 200 (ms)'] = ms(mean(200, () => bob.epoch(room)));
    return out;
  } finally {
    engine.close();
  }
}

const sizes = process.argv.slice(2).map(Number);
const results = (sizes.length > 0 ? sizes : [10, 100]).map((n) => [n, measure(n)] as const);
const rows = Object.keys(results[0]?.[1] ?? {});
console.log(`| operation | ${results.map(([n]) => `N=${n}`).join(' | ')} |`);
console.log(`| --- | ${results.map(() => '---').join(' | ')} |`);
for (const r of rows) console.log(`| ${r} | ${results.map(([, o]) => o[r]).join(' | ')} |`);
