// The conformance kit's contract checks (docs/engine-protocol.md "Rules every engine keeps"): one
// scripted conversation between devices, each step a named check. Steps build on each other, so the
// script stops at the first that fails. The same script, run twice in fresh processes, is the
// determinism check.
import type { Capabilities, Capability } from '../../contract.ts';
import { PROTOCOL_VERSION } from '../wire.ts';
import { b64text, expect, KIT_CLIENT, Probe, seedOf } from './probe.ts';

type Address = { user: string; device: number };
type Ciphertext = { kind: 'setup' | 'message'; bytes: string };
type Opened = { ok: true; plaintext: string } | { ok: false; refusal: string };
type Bundle = { base: string; oneTime: { id: number; bytes: string }[] };

/** One-time prekeys the directory takes from one bundle (docs/engine-protocol.md, the schema's maxItems). */
const MAX_ONE_TIME_PER_BUNDLE = 100;

const ALICE: Address = { user: 'alice', device: 1 };
const BOB: Address = { user: 'bob', device: 1 };
const CAROL: Address = { user: 'carol', device: 1 };

/** The devices and messages the steps share. */
class Script {
  readonly handles = new Map<string, number>();
  readonly keys = new Map<string, string>();
  /** Messages a later step uses again (the replay). */
  readonly messages = new Map<string, Ciphertext>();
  constructor(
    readonly p: Probe,
    readonly caps: Capabilities,
    /** The engine's command: a step starts a second process of it. */
    readonly command: string,
  ) {}

  h(name: string): number {
    const h = this.handles.get(name);
    if (h === undefined) throw new Error(`the script has no device ${name}`);
    return h;
  }

  create(name: string, address: Address, seed: number): void {
    const r = this.p.call<{ device: number; identityKey: string }>('engine.createDevice', { address, nowMs: 0, seed: seedOf(seed) });
    this.handles.set(name, r.device);
    this.keys.set(name, r.identityKey);
  }

  exportOf(name: string): string {
    return this.p.call<{ state: string }>('device.exportState', { device: this.h(name) }).state;
  }

  encrypt(from: string, to: Address, text: string): Ciphertext {
    return this.p.call<{ ciphertext: Ciphertext }>('device.encrypt', { device: this.h(from), peer: to, plaintext: b64text(text), nowMs: 1_000 }).ciphertext;
  }

  decrypt(at: string, from: Address, ciphertext: Ciphertext): Opened {
    return this.p.call<Opened>('device.decrypt', { device: this.h(at), peer: from, ciphertext, nowMs: 1_000 });
  }

  expectOpens(at: string, from: Address, ciphertext: Ciphertext, text: string, what: string): void {
    const r = this.decrypt(at, from, ciphertext);
    expect(r.ok && r.plaintext === b64text(text), `${what}: device.decrypt at ${at} answered ${JSON.stringify(r)}; expected ok with the plaintext ${JSON.stringify(text)}`);
  }

  /** `at` refuses `ciphertext` with a refusal and its exported state is the same before and after. */
  expectRefusedUnchanged(at: string, from: Address, ciphertext: Ciphertext, what: string): void {
    const before = this.exportOf(at);
    const r = this.decrypt(at, from, ciphertext);
    expect(!r.ok, `${what}: device.decrypt at ${at} answered ${JSON.stringify(r)}; expected a refusal`);
    expect(this.exportOf(at) === before, `${what}: ${at}'s exported state changed across the refusal (rule 1: a refusal leaves the device as it was)`);
  }

  bundle(name: string, refresh = false): Bundle {
    const b = this.p.call<Bundle>('device.bundle', { device: this.h(name), refresh, nowMs: 0 });
    const ids = b.oneTime.map((k) => k.id);
    expect(new Set(ids).size === ids.length, `device.bundle of ${name} answered one-time prekeys with repeated ids (${ids.join(', ')}); each id names one key`);
    expect(ids.length <= MAX_ONE_TIME_PER_BUNDLE, `device.bundle of ${name} answered ${ids.length} one-time prekeys; at most ${MAX_ONE_TIME_PER_BUNDLE} are taken (docs/engine-protocol.md)`);
    return b;
  }
}

export interface ContractStep {
  readonly name: string;
  /** A capability the step exercises: not run on an engine that does not declare it. */
  readonly needs?: Capability;
  readonly run: (s: Script) => void;
}

const garble = (c: Ciphertext): Ciphertext => {
  const bytes = Buffer.from(c.bytes, 'base64');
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
  return { kind: c.kind, bytes: bytes.toString('base64') };
};

export const CONTRACT_STEPS: readonly ContractStep[] = [
  {
    name: 'devices are created, each with its identity key',
    run: (s) => {
      s.create('alice', ALICE, 1);
      s.create('bob', BOB, 2);
      s.create('carol', CAROL, 3);
      const k = s.p.call<{ identityKey: string }>('device.identityKey', { device: s.h('bob') }).identityKey;
      expect(k === s.keys.get('bob'), `device.identityKey of bob answered ${k}; expected the key engine.createDevice gave, ${s.keys.get('bob')}`);
      expect(new Set(s.keys.values()).size === 3, 'three devices made from three seeds have fewer than three distinct identity keys');
    },
  },
  {
    name: 'a session from a bundle with a one-time prekey, both ways',
    run: (s) => {
      const b = s.bundle('bob');
      const oneTime = b.oneTime[0];
      const r = s.p.call<{ ok: boolean }>('device.startSession', { device: s.h('alice'), peer: BOB, bundle: { base: b.base, ...(oneTime === undefined ? {} : { oneTime }) }, nowMs: 0 });
      expect(r.ok, `device.startSession of alice with bob's genuine bundle answered ${JSON.stringify(r)}; expected ok`);
      const m1 = s.encrypt('alice', BOB, 'hello bob');
      s.messages.set('m1', m1);
      s.expectOpens('bob', ALICE, m1, 'hello bob', 'the first message');
      s.expectOpens('alice', BOB, s.encrypt('bob', ALICE, 'hello alice'), 'hello alice', 'the answer');
      s.expectOpens('bob', ALICE, s.encrypt('alice', BOB, 'and again'), 'and again', 'a third message');
    },
  },
  {
    name: 'a replayed message is refused and changes nothing',
    run: (s) => s.expectRefusedUnchanged('bob', ALICE, s.messages.get('m1') as Ciphertext, 'the first message delivered again'),
  },
  {
    name: 'a garbled message is refused and changes nothing; the genuine one still opens',
    run: (s) => {
      const m = s.encrypt('alice', BOB, 'intact');
      s.expectRefusedUnchanged('bob', ALICE, garble(m), 'a message with its last byte flipped');
      s.expectOpens('bob', ALICE, m, 'intact', 'the genuine message after its garbled copy');
    },
  },
  {
    name: 'a session from a bundle without a one-time prekey',
    run: (s) => {
      const b = s.bundle('bob');
      const r = s.p.call<{ ok: boolean }>('device.startSession', { device: s.h('carol'), peer: BOB, bundle: { base: b.base }, nowMs: 0 });
      expect(r.ok, `device.startSession of carol with bob's bundle and no one-time prekey answered ${JSON.stringify(r)}; expected ok`);
      s.expectOpens('bob', CAROL, s.encrypt('carol', BOB, 'from carol'), 'from carol', "carol's first message");
    },
  },
  {
    name: 'a message delivered to the wrong device is refused and changes nothing',
    run: (s) => s.expectRefusedUnchanged('carol', ALICE, s.encrypt('alice', BOB, 'for bob only'), "alice's message to bob given to carol"),
  },
  {
    name: 'two exports in a row are the same',
    run: (s) => {
      const first = s.exportOf('bob');
      const second = s.exportOf('bob');
      expect(first === second, 'device.exportState of bob answered different bytes twice in a row (rule 2)');
    },
  },
  {
    name: 'an imported device decrypts what the original would',
    run: (s) => {
      const state = s.exportOf('bob');
      const m = s.encrypt('alice', BOB, 'after the export');
      const r = s.p.call<{ device: number; address: Address; identityKey: string }>('engine.importDevice', { state, seed: seedOf(9) });
      expect(r.address.user === 'bob' && r.address.device === 1, `engine.importDevice of bob's state answered the address ${JSON.stringify(r.address)}; expected ${JSON.stringify(BOB)}`);
      expect(r.identityKey === s.keys.get('bob'), "engine.importDevice of bob's state answered another identity key; expected bob's (rule 3: import is faithful)");
      s.handles.set('bob-clone', r.device);
      s.expectOpens('bob-clone', ALICE, m, 'after the export', 'the next message at the imported copy (rule 3)');
      s.expectOpens('bob', ALICE, m, 'after the export', 'the next message at the original');
      s.p.call('device.release', { device: r.device });
    },
  },
  {
    name: 'an exported state is the whole state: a fresh engine process imports it and decrypts the next message',
    run: (s) => {
      const state = s.exportOf('bob');
      const m = s.encrypt('alice', BOB, 'for a fresh process');
      const fresh = new Probe(s.command);
      try {
        fresh.call('initialize', { protocolVersions: [PROTOCOL_VERSION], client: KIT_CLIENT });
        const r = fresh.call<{ device: number }>('engine.importDevice', { state, seed: seedOf(12) });
        const o = fresh.call<Opened>('device.decrypt', { device: r.device, peer: ALICE, ciphertext: m, nowMs: 1_000 });
        expect(
          o.ok && o.plaintext === b64text('for a fresh process'),
          `a fresh engine process that imported bob's exported state answered ${JSON.stringify(o)} for alice's next message; expected the plaintext (the export must hold the state itself, not a reference to it)`,
        );
      } finally {
        fresh.close();
      }
      s.expectOpens('bob', ALICE, m, 'for a fresh process', 'the same message at bob');
    },
  },
  {
    name: 'the key trial opens a captured message and changes nothing',
    run: (s) => {
      const state = s.exportOf('bob');
      const m = s.encrypt('alice', BOB, 'captured');
      const trial = (nowMs = 1_000) => s.p.call<{ plaintext: string | null }>('engine.openWith', { state, from: ALICE, ciphertext: m, nowMs }).plaintext;
      const first = trial();
      expect(first === b64text('captured'), `engine.openWith with bob's state answered ${JSON.stringify(first)}; expected the plaintext "captured"`);
      expect(trial() === first, 'engine.openWith gave another answer the second time with the same state');
      for (const nowMs of [0, 60_000, 86_400_000]) {
        const at = trial(nowMs);
        expect(
          at === first,
          `engine.openWith answered ${JSON.stringify(at)} at ${nowMs} ms and ${JSON.stringify(first)} at 1000 ms, with the same state: a key trial within a day must not depend on the clock`,
        );
      }
      expect(s.exportOf('bob') === state, "bob's exported state changed across engine.openWith of a copy of it");
      const other = s.p.call<{ plaintext: string | null }>('engine.openWith', { state: s.exportOf('carol'), from: ALICE, ciphertext: m, nowMs: 1_000 }).plaintext;
      expect(other === null, `engine.openWith with carol's state opened a message for bob: ${JSON.stringify(other)}; expected null`);
      s.expectOpens('bob', ALICE, m, 'captured', 'the captured message at bob');
    },
  },
  {
    name: 'a changed identity is refused until the user trusts it',
    run: (s) => {
      s.create('mallory', ALICE, 4);
      const b = s.bundle('mallory');
      const start = () => s.p.call<{ ok: boolean; refusal?: string; identityKey?: string }>('device.startSession', { device: s.h('bob'), peer: ALICE, bundle: { base: b.base }, nowMs: 0 });
      const before = s.exportOf('bob');
      const r = start();
      expect(s.exportOf('bob') === before, "bob's exported state changed across the refused device.startSession (rule 1)");
      expect(
        !r.ok && r.refusal === 'UNTRUSTED_IDENTITY',
        `device.startSession of bob with a bundle for alice under another identity answered ${JSON.stringify(r)}; expected refusal UNTRUSTED_IDENTITY`,
      );
      expect(r.identityKey === s.keys.get('mallory'), `the UNTRUSTED_IDENTITY refusal carried identityKey ${JSON.stringify(r.identityKey)}; expected the new identity ${s.keys.get('mallory')}`);
      const held = s.p.call<{ identityKey: string | null }>('device.peerIdentity', { device: s.h('bob'), peer: ALICE }).identityKey;
      expect(held === s.keys.get('alice'), `device.peerIdentity of alice at bob answered ${held}; expected alice's key`);
      s.p.call('device.trustIdentity', { device: s.h('bob'), peer: ALICE, identityKey: s.keys.get('mallory') });
      const after = start();
      expect(after.ok, `device.startSession after device.trustIdentity answered ${JSON.stringify(after)}; expected ok`);
    },
  },
  {
    name: 'hasSession tells which peers a device has a session with',
    run: (s) => {
      const has = (at: string, peer: Address) => s.p.call<{ hasSession: boolean }>('device.hasSession', { device: s.h(at), peer }).hasSession;
      expect(has('carol', BOB), 'device.hasSession of bob at carol answered false after a session');
      expect(!has('carol', ALICE), 'device.hasSession of alice at carol answered true with no session');
    },
  },
  {
    name: 'a bundle that does not decode is refused; a refreshed bundle is new',
    run: (s) => {
      const before = s.exportOf('alice');
      const r = s.p.call<{ ok: boolean; refusal?: string }>('device.startSession', { device: s.h('alice'), peer: CAROL, bundle: { base: b64text('not a bundle') }, nowMs: 0 });
      expect(s.exportOf('alice') === before, "alice's exported state changed across the refused device.startSession (rule 1)");
      expect(
        !r.ok && (r.refusal === 'INVALID_BUNDLE' || r.refusal === 'INVALID_KEY'),
        `device.startSession with a base that is not a bundle answered ${JSON.stringify(r)}; expected refusal INVALID_BUNDLE`,
      );
      const oldBase = s.bundle('carol').base;
      expect(s.bundle('carol', true).base !== oldBase, 'device.bundle with refresh: true answered the same signed part as before');
    },
  },
  {
    name: 'safety numbers agree on both sides',
    needs: 'safety-numbers',
    run: (s) => {
      const number = (at: string, peer: Address, key: string) => s.p.call<{ safetyNumber: string }>('device.safetyNumber', { device: s.h(at), peer, identityKey: key }).safetyNumber;
      const a = number('carol', BOB, s.keys.get('bob') as string);
      const b = number('bob', CAROL, s.keys.get('carol') as string);
      expect(a === b, `the safety number carol computes for bob (${a}) differs from bob's for carol (${b})`);
      const other = number('carol', BOB, s.keys.get('alice') as string);
      expect(other !== a, `the safety number carol computes for bob is the same (${a}) with another identity key in bob's place: it does not depend on the key`);
    },
  },
  {
    name: 'group messages reach a member who joined',
    needs: 'groups',
    run: (s) => {
      const d = s.p.call<{ distribution: string }>('group.distribution', { device: s.h('carol'), room: 'room-1' }).distribution;
      const j = s.p.call<Opened>('group.join', { device: s.h('bob'), room: 'room-1', from: CAROL, distribution: d });
      expect(j.ok, `group.join at bob answered ${JSON.stringify(j)}; expected ok`);
      const m = s.p.call<{ ciphertext: string }>('group.send', { device: s.h('carol'), room: 'room-1', plaintext: b64text('to the room') }).ciphertext;
      const r = s.p.call<Opened>('group.receive', { device: s.h('bob'), room: 'room-1', from: CAROL, message: m });
      expect(r.ok && r.plaintext === b64text('to the room'), `group.receive at bob answered ${JSON.stringify(r)}; expected the plaintext "to the room"`);
    },
  },
  {
    name: "a released device's exported state stays valid (rule 4)",
    run: (s) => {
      const state = s.exportOf('mallory');
      s.p.call('device.release', { device: s.h('mallory') });
      const r = s.p.call<{ device: number; identityKey: string }>('engine.importDevice', { state, seed: seedOf(11) });
      expect(r.identityKey === s.keys.get('mallory'), "engine.importDevice of a released device's state answered another identity key; expected the same (rule 4)");
      s.p.call('device.release', { device: r.device });
    },
  },
];

export { Script };
