// The simulated world (docs/architecture.md): one engine and seed, the network, the untrusted
// server, a phone per party, the authority with its transparency ledger, and the run's event log
// (sim/log), its one record of truth. Scenario actions arrive through `apply` — one switch over the
// closed action vocabulary. `finish` performs the end-of-run seizures and closes the log.
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import { nativeProvider } from '../../protocol/crypto/native.ts';
import { UsageError } from '../../protocol/errors.ts';
import { protocolFlags, serverFlags, type VariantName } from '../../protocol/variant.ts';
import { TransparencyLedger, type WarrantPolicy } from '../authority/index.ts';
import { Engine } from '../engine/engine.ts';
import { Network, type NetworkOptions } from '../network/network.ts';
import { Server, type ServerMode, type ServerWire } from '../server/index.ts';
import { RunLog } from '../log/runLog.ts';
import { viewOf, type RunView } from '../log/view.ts';
import { transparencyReport, underReportedLedger } from '../authority/index.ts';
import { DEFAULT_RETENTION_TTL_MS } from '../../protocol/limits.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import { directoryEntryFor } from './directoryBundle.ts';
import { toHex } from '../../protocol/bytes.ts';
import type { BundleJson } from '../server/powers.ts';
import { SimDevice } from './simDevice.ts';
import type { WorldPorts } from './worldPorts.ts';
import type { AttackerKit, AttackerWorld, Phone } from './phone.ts';
import { shippedAttackers, shippedPhone } from './shipped/index.ts';
import { engineInfo, engineOfVariant, loadDeviceEngine, type BuiltinEngineName } from '../../engines/registry.ts';
import { ContractAttackers } from './contractAttackers.ts';
import { ContractPhone, contractPhone } from './contractPhone.ts';
import type { EngineInfo } from '../../engines/contract.ts';
import { Attackers } from './attackers.ts';
import { MEMORY_STORAGE, RunStorage, type StorageOptions } from '../storage/runStorage.ts';
import { SQLITE_HARDENED } from '../storage/sqliteConfig.ts';

export interface WorldRoom {
  readonly id: string;
  readonly kind: 'direct' | 'group';
  readonly members: readonly string[];
  readonly creator?: string;
}

export interface WorldOptions {
  readonly seed: number;
  readonly variant: VariantName;
  readonly serverMode: ServerMode;
  readonly warrantPolicy: WarrantPolicy;
  readonly retentionTtlMs?: number;
  readonly network?: NetworkOptions;
  readonly parties: readonly string[];
  readonly rooms: readonly WorldRoom[];
  readonly provider?: CryptoProvider;
  /** Compare serialized device state around every refusal (SEC-INTEGRITY); costs a serialization per refusal. */
  readonly checkAtomicity?: boolean;
  /** The storage medium of the server and the phones; default memory. SQLite files live in a run directory until close(). */
  readonly storage?: StorageOptions;
  /** The engine the phones run (engines/registry.ts); default the built-in engine of `variant`. */
  readonly engine?: string;
}

export class World {
  readonly engine: Engine;
  readonly network: Network<ServerWire>;
  readonly server: Server;
  readonly devices = new Map<string, Phone>();
  readonly rooms = new Map<string, WorldRoom>();
  /** The run's one record of truth: everything the judges and reports read. */
  readonly log: RunLog;
  /** Each party's genuine identity (a live index of the log's device-created events). */
  readonly identities = new Map<string, IdentityKey>();
  readonly ledger: TransparencyLedger;
  readonly provider: CryptoProvider;
  readonly attackers: AttackerKit;
  /** The storage media of this world (and, for SQLite, its run directory). */
  readonly storage: RunStorage;
  /** Current members of each group room (the oracle's truth, changed by add/remove actions). */
  readonly groupMembers = new Map<string, Set<string>>();
  /** The engine every phone runs, as the registry describes it. */
  readonly engineInfo: EngineInfo;
  /** Envelope ids in the order each sender submitted them, per (from, to): for replay attacks. */
  private nextMessage = 1;

  constructor(readonly options: WorldOptions) {
    // Simulations default to the node:crypto provider (checked bit for bit against noble by the
    // differential tests) because campaigns run thousands of handshakes and safety numbers.
    this.provider = options.provider ?? nativeProvider;
    this.engineInfo = engineOf(options);
    this.engine = new Engine({ seed: options.seed, runOptions: runOptionsOf(options, this.engineInfo) });
    this.log = new RunLog(this.engine);
    this.log.append({ kind: 'run-started', settings: settingsOf(options, options.provider ?? nativeProvider, this.engineInfo) });
    this.network = new Network<ServerWire>(this.engine, options.network ?? {}, (p) => ({ type: p.type }));
    const sflags = serverFlags(options.variant);
    this.storage = new RunStorage(options.storage ?? MEMORY_STORAGE);
    this.server = new Server(this.engine, this.network, this.provider, {
      mode: options.serverMode,
      flags: sflags,
      storage: this.storage.open('server'),
      observe: (label, bytes) => this.log.append({ kind: 'server-received', label, bytes: bytes.slice() }),
      ...(options.retentionTtlMs === undefined ? {} : { retentionTtlMs: options.retentionTtlMs }),
    });
    this.ledger = new TransparencyLedger({ reportSeizures: sflags.reportSeizures });
    const ports = {
      engine: this.engine,
      network: this.network,
      server: this.server,
      provider: this.provider,
      flags: protocolFlags(options.variant),
      log: this.log,
      identities: this.identities,
      warned: new Set<string>(),
      checkAtomicity: options.checkAtomicity ?? true,
      storage: (owner: string) => this.storage.open(owner),
    };
    const host = hostOf(this.engineInfo);
    for (const party of options.parties) {
      const device = host.phone(ports, party);
      this.devices.set(party, device);
      this.server.connect(device.id);
      device.publish();
    }
    for (const room of options.rooms) this.rooms.set(room.id, room);
    this.attackers = host.attackers(this);
    for (const room of options.rooms.filter((r) => r.kind === 'group')) {
      this.groupMembers.set(room.id, new Set(room.members));
      for (const m of room.members) this.log.append({ kind: 'membership-changed', change: { atMs: 0, room: room.id, user: m, change: 'member' } });
      const creator = room.creator ?? room.members[0];
      if (creator === undefined) throw new UsageError(`room ${room.id}: no members`);
      this.engine.schedule(0, 'group-create', { room: room.id, creator }, () => this.device(creator).createGroupRoom(room.id, room.members));
    }
  }

  /** The target's genuine directory entry as a server answer, minus its ML-KEM prekeys (PQ downgrade attempt). */
  genuineBundleWithoutKem(target: string): BundleJson {
    const phone = this.device(target);
    if (!(phone instanceof SimDevice)) throw new UsageError(`strip-kem: ${target} runs no KEM prekeys to strip`);
    const entry = directoryEntryFor(phone.state);
    const oneTime = entry.oneTime[0];
    return { base: toHex(entry.base), ...(oneTime === undefined ? {} : { oneTime: { id: oneTime.id, bytes: toHex(oneTime.bytes) } }) };
  }

  /**
   * The target's genuine directory entry as a server answer that looks like its one-time prekeys ran
   * out (docs/threat-model.md "prekey exhaustion"): no one-time X25519 prekey, and the last-resort
   * ML-KEM key in place of a one-time one, so the setup spends nothing a replay would find used.
   */
  genuineBundleWithoutOneTime(target: string): BundleJson {
    const phone = this.device(target);
    if (phone instanceof ContractPhone) return { base: toHex(phone.directoryBase()) };
    if (!(phone instanceof SimDevice)) throw new UsageError(`strip-one-time-prekeys: ${target} runs no prekey bundles to strip`);
    const entry = directoryEntryFor(phone.state);
    const kem = entry.kemLastResort;
    return { base: toHex(entry.base), ...(kem === undefined ? {} : { kem: { id: kem.id, bytes: toHex(kem.bytes), lastResort: true } }) };
  }

  /** A fresh message id, unique in the run. */
  newMessageId(from: string): string {
    return `${from}-m${this.nextMessage++}`;
  }

  device(user: string): Phone {
    const d = this.devices.get(user);
    if (d === undefined) throw new UsageError(`no party named ${user}`);
    return d;
  }

  room(id: string): WorldRoom {
    const r = this.rooms.get(id);
    if (r === undefined) throw new UsageError(`no room named ${id}`);
    return r;
  }

  /** Run the world until `untilMs` (every event due by then happens). */
  runUntil(untilMs: number): void {
    this.engine.run({ untilMs });
  }

  get traceHash(): string {
    return this.engine.trace.traceHash;
  }

  /** The log so far as the judges would read it (for tests and inspection; the judges read a closed log). */
  view(): RunView {
    return viewOf(this.log.events);
  }

  /**
   * Ends the run: every phone and the server are seized as they stand (what the judges assume an
   * attacker takes last), the operator publishes its transparency report, and the log closes. Every
   * one of these is an event in the log, so it is covered by the trace hash. Idempotent.
   */
  finish(): RunLog {
    if (this.log.closed) return this.log;
    const now = this.engine.nowMs;
    // The key material the server holds at the end: its own devices (MITM identities, forgers, ghosts).
    for (const [name, d] of this.attackers.devices) this.log.append({ kind: 'attacker-device', name, posingAs: d.posingAs, state: d.state, identity: undefined });
    for (const [user, phone] of this.devices) {
      const { blob, storageKey, medium } = phone.seize();
      this.log.append({ kind: 'phone-seized', seizure: { atMs: now, user, purpose: 'end-of-run', blob, storageKey, exported: phone.snapshot(), medium } });
    }
    const s = this.server.seize(now);
    this.log.append({ kind: 'server-seized', seizure: { atMs: now, purpose: 'end-of-run', items: s.items, atRestKeys: s.atRestKeys } });
    const lie = this.server.underReport();
    const ledger = lie === undefined ? this.ledger : underReportedLedger(this.ledger, lie);
    this.log.append({ kind: 'report-published', report: transparencyReport(ledger, { fromMs: 0, toMs: now + 1 }), lied: lie !== undefined });
    this.log.append({ kind: 'run-ended', totals: { network: { ...this.network.stats }, server: this.server.counts() } });
    this.log.close();
    return this.log;
  }

  /** Closes the storage media and removes the run directory (SQLite). The world cannot be seized after this. */
  close(): void {
    // A device engine keeps each device behind a handle (an exec engine in its own process): let them go.
    try {
      for (const phone of this.devices.values()) phone.releaseEngine?.();
      this.attackers.releaseEngine?.();
    } finally {
      this.storage.close();
    }
  }

  messageIdOf(label: string): string {
    const id = this.sentMessageId(label);
    if (id === undefined) throw new UsageError(`no message labelled ${label}`);
    return id;
  }

  /** The id of the message sent under `label`, if one was. */
  sentMessageId(label: string): string | undefined {
    return this.log.of('message-sent').find((x) => x.message.label === label)?.message.messageId;
  }
}

/** How the world runs an engine: the phone each party gets, and the malicious server's own devices. */
interface EngineHost {
  phone(ports: WorldPorts, user: string): Phone;
  attackers(world: AttackerWorld): AttackerKit;
}

/** The built-in engines run on the world's own phones (engines/registry.ts names them). */
const BUILTIN_HOSTS: Readonly<Record<BuiltinEngineName, EngineHost>> = {
  'privacy-mode': { phone: (ports, user) => new SimDevice(ports, user), attackers: (world) => new Attackers(world) },
  'shipped-2014': { phone: (ports, user) => shippedPhone(ports, user), attackers: (world) => shippedAttackers(world) },
};

/** The engine a world runs; a variant is one built-in engine's code, so a weak variant cannot run on another engine. */
function engineOf(o: WorldOptions): EngineInfo {
  const info = engineInfo(o.engine ?? engineOfVariant(o.variant));
  if (info.host === 'world' && info.name !== engineOfVariant(o.variant)) throw new UsageError(`variant ${o.variant} runs on the ${engineOfVariant(o.variant)} engine, not ${info.name}`);
  if (info.host === 'device' && o.variant !== 'reference') throw new UsageError(`engine ${info.name} runs only as itself (variant reference), not as ${o.variant}`);
  return info;
}

/** A device engine runs on the world's generic phone (contractPhone.ts), one engine instance per process. */
function hostOf(info: EngineInfo): EngineHost {
  if (info.host === 'world') return BUILTIN_HOSTS[info.name as BuiltinEngineName];
  const engine = loadDeviceEngine(info.name);
  return { phone: (ports, user) => contractPhone(ports, engine, user), attackers: (world) => new ContractAttackers(engine, world) };
}

function settingsOf(o: WorldOptions, provider: CryptoProvider, info: EngineInfo) {
  return {
    seed: o.seed,
    variant: o.variant,
    serverMode: o.serverMode,
    warrantPolicy: o.warrantPolicy,
    retentionTtlMs: o.retentionTtlMs ?? DEFAULT_RETENTION_TTL_MS,
    parties: [...o.parties],
    rooms: o.rooms.map((r) => ({ id: r.id, kind: r.kind, members: [...r.members] })),
    provider: provider.name,
    // Only an engine named apart from the variant's own enters the settings, so built-in runs keep their hashes.
    ...(o.engine === undefined || o.engine === engineOfVariant(o.variant) ? {} : { engine: info.selfName ?? info.name }),
    ...(info.selfName === undefined ? {} : { engineAt: info.name }),
  };
}

/** The trace header: the run's options, with an engine named as it names itself (an exec engine's handshake), so one engine in and out of process gives one trace. */
function runOptionsOf(o: WorldOptions, info: EngineInfo) {
  return {
    variant: o.variant,
    serverMode: o.serverMode,
    warrantPolicy: o.warrantPolicy,
    retentionTtlMs: o.retentionTtlMs ?? null,
    parties: [...o.parties],
    rooms: o.rooms.map((r) => ({ id: r.id, kind: r.kind, members: [...r.members] })),
    provider: (o.provider ?? nativeProvider).name,
    ...(o.engine === undefined || o.engine === engineOfVariant(o.variant) ? {} : { engine: info.selfName ?? info.name }),
    // Only a non-default medium enters the trace header, so memory runs keep their hashes.
    ...(o.storage === undefined || o.storage.engine === 'memory' ? {} : { storage: `${o.storage.engine}:${(o.storage.sqlite ?? SQLITE_HARDENED).name}` }),
  };
}
