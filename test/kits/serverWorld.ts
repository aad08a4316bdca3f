// Test fixture for the server's tests (not a test itself): an engine, a network, a server, and
// devices that record what reaches them and (optionally) acknowledge each delivery.
import { nobleProvider } from '../../protocol/crypto/noble.ts';
import { deviceId, type DeviceId } from '../../protocol/ids.ts';
import { Engine } from '../../sim/engine/engine.ts';
import type { LinkFaults } from '../../sim/network/linkFaults.ts';
import { Network, type NetworkOptions } from '../../sim/network/network.ts';
import type { Envelope } from '../../sim/server/envelope.ts';
import { Server } from '../../sim/server/server.ts';
import { SERVER_PARTY, type ServerOptions, type ServerWire } from '../../sim/server/types.ts';

interface TestDevice {
  readonly id: DeviceId;
  readonly delivered: { serverId: string; envelope: Envelope; atMs: number }[];
  readonly accepted: string[];
  autoAck: boolean;
}

export interface TestWorld {
  readonly engine: Engine;
  readonly network: Network<ServerWire>;
  readonly server: Server;
  readonly devices: Map<string, TestDevice>;
  /** Labels of every byte string the server received, in order (what the world's log records). */
  readonly seen: string[];
  device(name: string): TestDevice;
  /** The device sends an envelope to the server through the network, now. */
  send(from: string, to: string, body: Uint8Array, extra?: Partial<Envelope>): Envelope;
}

export function testWorld(options: ServerOptions, world: { seed?: number; network?: NetworkOptions; devices?: readonly string[]; autoAck?: boolean } = {}): TestWorld {
  const engine = new Engine({ seed: world.seed ?? 1, runOptions: { mode: options.mode } });
  const network = new Network<ServerWire>(engine, world.network ?? {}, (p) => ({ type: p.type }));
  const seen: string[] = [];
  const server = new Server(engine, network, nobleProvider, { ...options, observe: (label) => seen.push(label) });
  const devices = new Map<string, TestDevice>();
  let nextId = 1;
  for (const name of world.devices ?? ['alice', 'bob', 'carol']) {
    const dev: TestDevice = { id: deviceId(name), delivered: [], accepted: [], autoAck: world.autoAck ?? true };
    devices.set(name, dev);
    network.attach(name, (d) => {
      const m = d.payload;
      if (m.type === 'accepted') dev.accepted.push(m.envelopeId);
      if (m.type !== 'deliver') return;
      dev.delivered.push({ serverId: m.serverId, envelope: m.envelope, atMs: engine.nowMs });
      if (dev.autoAck) network.send(engine.nowMs, name, SERVER_PARTY, { type: 'ack', serverId: m.serverId });
    });
  }
  const device = (name: string): TestDevice => {
    const d = devices.get(name);
    if (d === undefined) throw new Error(`no test device ${name}`);
    return d;
  };
  const send = (from: string, to: string, body: Uint8Array, extra: Partial<Envelope> = {}): Envelope => {
    const envelope: Envelope = { id: `m${nextId++}`, from: deviceId(from), to: deviceId(to), kind: 'pairwise', body, sentAtMs: engine.nowMs, ...extra };
    network.send(engine.nowMs, from, SERVER_PARTY, { type: 'submit', envelope });
    return envelope;
  };
  return { engine, network, server, devices, seen, device, send };
}

/** A lossy network for liveness tests. */
export const LOSSY: LinkFaults = {
  delayMinMs: 20,
  delayMaxMs: 400,
  drop: { num: 1, den: 5 },
  duplicate: { num: 1, den: 10 },
  reorder: { num: 1, den: 5 },
  reorderExtraMaxMs: 2_000,
};

/** Does `haystack` hold `needle` raw, as hex, or as base64 (any alignment)? A test-side canary scan. */
export function holdsCanary(haystack: Uint8Array, needle: Uint8Array): boolean {
  const hay = Buffer.from(haystack);
  if (hay.indexOf(Buffer.from(needle)) >= 0) return true;
  const text = hay.toString('latin1');
  const hex = Buffer.from(needle).toString('hex');
  if (text.includes(hex) || text.includes(hex.toUpperCase())) return true;
  for (let skip = 0; skip < 3; skip++) {
    const aligned = needle.subarray(skip, skip + Math.floor((needle.length - skip) / 3) * 3);
    if (aligned.length < 6) continue;
    const b64 = Buffer.from(aligned).toString('base64');
    if (text.includes(b64) || text.includes(Buffer.from(aligned).toString('base64url'))) return true;
  }
  return false;
}
