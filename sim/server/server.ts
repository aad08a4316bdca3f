// The untrusted server (docs/architecture.md): key directory, store-and-forward relay,
// at-rest-encrypted storage under the published retention policy, metadata log, backups; modes
// honest / curious / malicious; seizure; and the malicious server's powers as methods (the one
// interpreter of the attack vocabulary, sim/world/attack.ts, calls them).
import { utf8 } from '../../protocol/bytes.ts';
import { UsageError } from '../../protocol/errors.ts';
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import { userId, type DeviceId } from '../../protocol/ids.ts';
import { DEFAULT_RETENTION_TTL_MS } from '../../protocol/limits.ts';
import { serverFlags, type ServerFlags } from '../../protocol/variant.ts';
import type { BundleRule, EnvelopeJson, EnvelopeMatch, MessageRule, UnderReportLie } from './powers.ts';
import type { CanonicalValue } from '../engine/canonicalJson.ts';
import type { Engine } from '../engine/engine.ts';
import * as L from '../engine/limits.ts';
import { boundWithin, SimLimitExceeded } from '../engine/simLimitError.ts';
import type { Delivery, Network } from '../network/network.ts';
import { AdversaryRules, bundleFromJson, envelopeFromJson, flipBits, type BundleAction, type MessageEffect } from './adversaryRules.ts';
import { AtRestDisk } from './atRestDisk.ts';
import { Backups } from './backups.ts';
import { ByteArchive } from './byteArchive.ts';
import { KeyDirectory } from './directory.ts';
import { encodeDirectoryEntry, type DirectoryPublish, type DirectoryRefill, type FetchedBundle } from './directoryEntry.ts';
import { checkEnvelope, decodeStoredEnvelope, encodeStoredEnvelope, sizeBucket, type Envelope } from './envelope.ts';
import { EnvelopeStore } from './envelopeStore.ts';
import { MetadataLog } from './metadataLog.ts';
import { Relay, type EnqueueHold } from './relay.ts';
import { Retention } from './retention.ts';
import { takeServerSeizure } from './seizure.ts';
import { checkCount, checkDuration } from './optionChecks.ts';
import { ARCHIVED_ENVELOPE_PREFIX, createServerView } from './serverView.ts';
import { SERVER_PARTY, type ServerMode, type ServerOptions, type ServerSeizure, type ServerView, type ServerWire } from './types.ts';

/** Default backup interval: four snapshots a day. */
const DEFAULT_BACKUP_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** Default first re-push wait for an unacknowledged envelope. */
const DEFAULT_REDELIVERY_MIN_MS = 10_000;

export class Server {
  readonly party = SERVER_PARTY;
  readonly mode: ServerMode;
  readonly flags: ServerFlags;
  private readonly disk: AtRestDisk;
  private readonly store: EnvelopeStore;
  private readonly directory: KeyDirectory;
  private readonly metadata: MetadataLog;
  private readonly backups: Backups;
  private readonly relay: Relay;
  private readonly retention: Retention;
  private readonly rules: AdversaryRules;
  /** The curious/malicious server's plaintext-at-rest archive (server state: a seizure takes it). */
  private readonly archive: ByteArchive;
  /** Tells the world's event log of every byte string the server receives (the oracle's record, not the server's). */
  private readonly observe: (label: string, bytes: Uint8Array) => void;
  /** (from, client envelope id) → server id and when the memory lapses: makes resubmission idempotent. */
  private readonly submitted = new Map<string, { serverId: string; untilMs: number }>();
  /** (from, client envelope id) → archive label, for replay. */
  private readonly archivedEnvelopes = new Map<string, string>();
  private readonly maxDedup: number;
  private underReported: UnderReportLie | undefined;
  private lying = false;
  private nextServerId = 1;

  constructor(
    private readonly engine: Engine,
    private readonly network: Network<ServerWire>,
    crypto: CryptoProvider,
    options: ServerOptions,
  ) {
    this.mode = options.mode;
    this.flags = options.flags ?? serverFlags('reference');
    const lim = options.limits ?? {};
    this.disk = new AtRestDisk(crypto, engine.stream('server:at-rest'), options.storage);
    this.store = new EnvelopeStore(this.disk, boundWithin(lim.maxStoredRecords, L.MAX_STORED_RECORDS, 'maxStoredRecords'));
    const directoryLimits = {
      maxDevices: boundWithin(lim.maxDirectoryDevices, L.MAX_DIRECTORY_DEVICES, 'maxDirectoryDevices'),
      maxPrekeysPerDevice: boundWithin(lim.maxPrekeysPerDevice, L.MAX_DIRECTORY_PREKEYS_PER_DEVICE, 'maxPrekeysPerDevice'),
    };
    this.directory = new KeyDirectory(this.disk, directoryLimits, this.mode !== 'honest');
    this.metadata = new MetadataLog(this.disk, boundWithin(lim.maxMetadataRecords, L.MAX_METADATA_RECORDS, 'maxMetadataRecords'));
    this.backups = new Backups(boundWithin(lim.maxBackups, L.MAX_BACKUPS_KEPT, 'maxBackups'));
    const maxSeen = boundWithin(lim.maxSeenItems, L.MAX_SEEN_ITEMS, 'maxSeenItems');
    this.archive = new ByteArchive('server archive', maxSeen);
    this.observe = options.observe ?? (() => undefined);
    this.rules = new AdversaryRules(boundWithin(lim.maxAdversaryRules, L.MAX_ADVERSARY_RULES, 'maxAdversaryRules'));
    this.maxDedup = boundWithin(lim.maxSubmitDedupEntries, L.MAX_SUBMIT_DEDUP_ENTRIES, 'maxSubmitDedupEntries');
    const redeliveryMinMs = checkDuration(options.redeliveryMinMs ?? DEFAULT_REDELIVERY_MIN_MS, 'redeliveryMinMs', L.REDELIVERY_MAX_MS);
    this.relay = new Relay(engine, network, this.store, {
      redeliveryMinMs,
      maxMailboxEnvelopes: boundWithin(lim.maxMailboxEnvelopes, L.MAX_MAILBOX_ENVELOPES, 'maxMailboxEnvelopes'),
    });
    const ttlMs = checkDuration(options.retentionTtlMs ?? DEFAULT_RETENTION_TTL_MS, 'retentionTtlMs', L.MAX_SIM_TIME_MS);
    const settings = {
      ttlMs,
      metadataRetentionMs: checkDuration(options.metadataRetentionMs ?? ttlMs, 'metadataRetentionMs', L.MAX_SIM_TIME_MS),
      backupIntervalMs: checkDuration(options.backupIntervalMs ?? DEFAULT_BACKUP_INTERVAL_MS, 'backupIntervalMs', L.MAX_SIM_TIME_MS),
      backupRetentionMs: checkDuration(options.backupRetentionMs ?? ttlMs, 'backupRetentionMs', L.MAX_SIM_TIME_MS),
    };
    const parts = { engine, disk: this.disk, store: this.store, relay: this.relay, metadata: this.metadata, backups: this.backups };
    this.retention = new Retention(parts, settings, () => this.keepsEverything());
    network.attach(SERVER_PARTY, (d) => this.receive(d));
    engine.record('server-start', { mode: this.mode, retention: this.flags.retention, reportSeizures: this.flags.reportSeizures, ...settings });
  }

  /** True while the server keeps every byte it stores (retention flag off, or lying about deletion). */
  keepsEverything(): boolean {
    return !this.flags.retention || this.lying;
  }

  /** Whether the server keeps the plaintext-at-rest archive. */
  private get archives(): boolean {
    return this.mode !== 'honest';
  }

  // ---- key directory -------------------------------------------------------------------------

  publish(p: DirectoryPublish): void {
    const entry = this.directory.publish(p);
    this.saw(`publish/${p.deviceId}`, encodeDirectoryEntry(entry));
    this.engine.record('directory-publish', { deviceId: p.deviceId, userId: p.userId, oneTime: entry.oneTime.length, kemOneTime: entry.kemOneTime.length });
    this.retention.touched();
  }

  refill(deviceId: DeviceId, r: DirectoryRefill): void {
    const entry = this.directory.refill(deviceId, r);
    this.saw(`refill/${deviceId}`, encodeDirectoryEntry(entry));
    this.engine.record('directory-refill', { deviceId, oneTime: entry.oneTime.length, kemOneTime: entry.kemOneTime.length });
    this.retention.touched();
  }

  /** What the server tells a device of its own one-time prekeys left (the device sizes a top-up by it). */
  preKeyCounts(deviceId: DeviceId): { oneTime: number; kemOneTime: number } {
    return this.directory.counts(deviceId);
  }

  /** A device asks for another device's bundle. Undefined: unknown device (or withheld). */
  fetchBundle(requester: DeviceId, deviceId: DeviceId): FetchedBundle | undefined {
    const rule = this.mode === 'malicious' ? this.rules.takeBundleRule(requester, deviceId) : undefined;
    const [served, bundle] = rule === undefined ? ['honest', this.directory.fetch(deviceId)] : this.adversarialBundle(rule, deviceId);
    this.engine.record('directory-fetch', { requester, deviceId, served, found: bundle !== undefined, oneTimeId: bundle?.oneTime?.id, kemId: bundle?.kem?.id });
    if (bundle !== undefined && served === 'honest') this.retention.touched();
    return bundle;
  }

  private adversarialBundle(rule: BundleAction, deviceId: DeviceId): [string, FetchedBundle | undefined] {
    switch (rule.kind) {
      case 'substitute-bundle':
        return ['substituted', bundleFromJson(deviceId, this.directory.userOf(deviceId) ?? userId(deviceId), rule.bundle)];
      case 'withhold-bundle':
        return ['withheld', undefined];
      case 'reserve-one-time-prekey': {
        const used = this.directory.handedOutBundles(deviceId);
        const old = rule.prekeyId === undefined ? used.at(-1) : used.find((b) => b.oneTime?.id === rule.prekeyId);
        const current = this.directory.entry(deviceId);
        if (old === undefined || current === undefined) return ['honest', this.directory.fetch(deviceId)];
        return ['reserved', { ...old, base: current.base }];
      }
      case 'serve-stale-bundle': {
        const stale = this.directory.staleBundle(deviceId);
        return stale === undefined ? ['honest', this.directory.fetch(deviceId)] : ['stale', stale];
      }
    }
  }

  // ---- relay -----------------------------------------------------------------------------------

  connect(deviceId: DeviceId): void {
    this.engine.record('server-connect', { deviceId });
    this.relay.connect(deviceId);
  }

  disconnect(deviceId: DeviceId): void {
    this.engine.record('server-disconnect', { deviceId });
    this.relay.disconnect(deviceId);
  }

  /** The device asks for everything waiting for it (each envelope pushed again). */
  pull(deviceId: DeviceId): void {
    this.engine.record('server-pull', { deviceId });
    this.relay.flush(deviceId);
  }

  /** Server ids waiting for the device, oldest first. */
  pendingFor(deviceId: DeviceId): string[] {
    return this.relay.pendingFor(deviceId);
  }

  private receive(d: Delivery<ServerWire>): void {
    const m = d.payload;
    switch (m.type) {
      case 'submit':
        this.submit(m.envelope, d.from as DeviceId);
        return;
      case 'ack':
        this.ack(d.from as DeviceId, m.serverId);
        return;
      case 'pull':
        this.pull(d.from as DeviceId);
        return;
      case 'deliver':
      case 'accepted':
        this.engine.record('server-ignored', { from: d.from, type: m.type });
        return;
    }
  }

  /**
   * Accepts an envelope for store-and-forward. `via` is the network party that sent it (absent for
   * a direct call); an envelope claiming another sender is refused. Returns the server id, or
   * undefined if refused (or dropped by the adversary, which still tells the sender "accepted").
   */
  submit(envelope: Envelope, via?: DeviceId): string | undefined {
    checkEnvelope(envelope);
    const now = this.engine.nowMs;
    // Every path below received these bytes: the oracle records them before any decision.
    const receipt = (label: string, serverId: string): void => this.saw(label, encodeStoredEnvelope({ serverId, storedAtMs: now, envelope }));
    if (via !== undefined && via !== envelope.from) {
      receipt(`refused/${via}/${envelope.id}`, 'refused');
      this.engine.record('server-refused', { via, from: envelope.from, envelopeId: envelope.id, reason: 'sender-mismatch' });
      return undefined;
    }
    const key = `${envelope.from}\u0000${envelope.id}`;
    const earlier = this.submitted.get(key);
    if (earlier !== undefined && earlier.untilMs > now) {
      receipt(`resubmit/${earlier.serverId}`, earlier.serverId);
      this.engine.record('server-resubmit', { serverId: earlier.serverId, envelopeId: envelope.id });
      this.sendAccepted(via, envelope.id);
      return earlier.serverId;
    }
    const serverId = `s${this.nextServerId++}`;
    receipt(`${ARCHIVED_ENVELOPE_PREFIX}${serverId}`, serverId);
    if (this.archives) this.archivedEnvelopes.set(key, `${ARCHIVED_ENVELOPE_PREFIX}${serverId}`);
    this.remember(key, serverId, now);
    const { from, to, roomId, kind } = envelope;
    this.metadata.append({ atMs: now, from, to, kind, sizeBucket: sizeBucket(envelope.body.length), ...(roomId === undefined ? {} : { roomId }) });
    this.engine.record('server-submit', { serverId, envelopeId: envelope.id, from, to, roomId, kind, size: envelope.body.length });
    const effect = this.mode === 'malicious' ? this.rules.takeMessageRule(envelope) : undefined;
    const stored = effect === undefined ? this.storeAndQueue(serverId, envelope, {}) : this.applyMessageEffect(effect, serverId, envelope);
    this.sendAccepted(via, envelope.id);
    return stored ? serverId : undefined;
  }

  private applyMessageEffect(effect: MessageEffect, serverId: string, envelope: Envelope): boolean {
    const now = this.engine.nowMs;
    this.engine.record('adversary-effect', { serverId, effect: effect.kind });
    switch (effect.kind) {
      case 'drop':
        return false;
      case 'delay':
        return this.storeAndQueue(serverId, envelope, { releaseAtMs: now + effect.delayMs });
      case 'reorder':
        return this.storeAndQueue(serverId, envelope, { reorder: true });
      case 'modify':
        return this.storeAndQueue(serverId, { ...envelope, body: flipBits(envelope.body, effect.bits) }, {});
      case 'relabel-sender':
        return this.storeAndQueue(serverId, { ...envelope, from: effect.as }, {});
      case 'duplicate':
        this.storeAndQueue(serverId, envelope, {});
        this.inject(envelope, 'duplicate');
        return true;
    }
  }

  private storeAndQueue(serverId: string, envelope: Envelope, hold: EnqueueHold): boolean {
    const index = this.store.put(serverId, this.engine.nowMs, envelope);
    this.retention.touched();
    this.relay.enqueue(index, hold);
    return true;
  }

  /** Stores an envelope the server made up (forge, replay, inject, duplicate) and queues it. */
  private inject(envelope: Envelope, why: string): string {
    const serverId = `s${this.nextServerId++}`;
    this.engine.record('adversary-inject', { serverId, why, envelopeId: envelope.id, from: envelope.from, to: envelope.to, roomId: envelope.roomId, kind: envelope.kind });
    this.storeAndQueue(serverId, envelope, {});
    return serverId;
  }

  /** The recipient acknowledges delivery: an honest server erases the envelope now. */
  ack(deviceId: DeviceId, serverId: string): void {
    this.saw(`ack/${deviceId}/${serverId}`, utf8(serverId));
    const index = this.store.liveRecord(serverId);
    if (index === undefined || index.to !== deviceId) {
      this.engine.record('server-ack-ignored', { deviceId, serverId });
      return;
    }
    this.engine.record('server-ack', { deviceId, serverId });
    this.retention.erase(index, 'ack');
  }

  private sendAccepted(via: DeviceId | undefined, envelopeId: string): void {
    if (via !== undefined) this.network.send(this.engine.nowMs, SERVER_PARTY, via, { type: 'accepted', envelopeId });
  }

  private remember(key: string, serverId: string, now: number): void {
    for (const [k, v] of this.submitted) {
      if (v.untilMs > now) break;
      this.submitted.delete(k);
    }
    if (this.submitted.size >= this.maxDedup) throw new SimLimitExceeded('MAX_SUBMIT_DEDUP_ENTRIES', this.maxDedup, `submit ${serverId}`);
    this.submitted.set(key, { serverId, untilMs: now + this.retention.settings.ttlMs });
  }

  private saw(label: string, bytes: Uint8Array): void {
    const now = this.engine.nowMs;
    this.observe(label, bytes);
    if (this.archives) this.archive.add(now, label, bytes);
  }

  // ---- the malicious server's powers -------------------------------------------------------------

  private requireMalicious(power: string, detail: CanonicalValue): void {
    if (this.mode !== 'malicious') throw new UsageError(`adversary ${power}: the server is ${this.mode}, not malicious`);
    this.engine.record('adversary', { power, detail });
  }

  /** From now on the directory answers fetches of `rule.deviceId` as the rule says (a re-served prekey: once). */
  installBundleRule(rule: BundleRule): void {
    this.requireMalicious(rule.kind, rule as unknown as CanonicalValue);
    this.rules.addBundleRule(rule);
  }

  /** The next `count` envelopes that match `rule.match` are dropped, delayed, duplicated, reordered or modified. */
  installMessageRule(rule: MessageRule, count = 1): void {
    this.requireMalicious(rule.kind, rule as unknown as CanonicalValue);
    if (rule.kind === 'delay') checkDuration(rule.delayMs, 'delay.delayMs', L.MAX_SIM_TIME_MS);
    this.rules.addMessageRule(rule, checkCount(count));
  }

  /** The next `count` envelopes matching `match` are delivered as if `as` had sent them (their `from` rewritten). */
  relabelSender(match: EnvelopeMatch, as: DeviceId, count = 1): void {
    if (match.from !== undefined && match.from === as) throw new UsageError(`relabel-sender: ${as} is already the sender`);
    this.installMessageRule({ kind: 'relabel-sender', match, as }, count);
  }

  /** Stores and queues an envelope the server made up (forged messages, ghost members). */
  forge(envelope: EnvelopeJson): void {
    this.requireMalicious('forge', { id: envelope.id, from: envelope.from, to: envelope.to });
    this.inject(envelopeFromJson(envelope), 'forge');
  }

  /** Sends an envelope it received from `from` again (to `to`, or to its original recipient). */
  replay(from: DeviceId, envelopeId: string, to: DeviceId | undefined): void {
    this.requireMalicious('replay', { from, envelopeId, to });
    const label = this.archivedEnvelopes.get(`${from}\u0000${envelopeId}`);
    const item = label === undefined ? undefined : this.archive.items().find((i) => i.label === label);
    if (item === undefined) throw new UsageError(`replay: the server never received envelope ${envelopeId} from ${from}`);
    const original = decodeStoredEnvelope(item.bytes).envelope;
    this.inject(to === undefined ? original : { ...original, to }, 'replay');
  }

  /** From now on the server keeps everything it claims to delete. */
  lieAboutDeletion(): void {
    this.requireMalicious('lie-about-deletion', {});
    this.lying = true;
  }

  /** The operator will publish a doctored transparency report. */
  lieInReport(lie: UnderReportLie): void {
    this.requireMalicious('under-report', { ...lie });
    const { hideWarrants, hideSeizures, shrinkRecordsPercent } = lie;
    if (![hideWarrants, hideSeizures].every((n) => Number.isSafeInteger(n) && n >= 0) || !(Number.isInteger(shrinkRecordsPercent) && shrinkRecordsPercent >= 0 && shrinkRecordsPercent <= 100)) {
      throw new UsageError('under-report: expected non-negative integers and a percentage 0..100');
    }
    this.underReported = { hideWarrants, hideSeizures, shrinkRecordsPercent };
  }

  /** The lie the operator tells in its transparency report (the latest under-report action), if any. The unreported-seizure variant is `flags.reportSeizures`, read by the ledger. */
  underReport(): UnderReportLie | undefined {
    return this.underReported;
  }

  // ---- seizure and oracle ----------------------------------------------------------------------

  /** Exactly what the server holds at `nowMs` (which must be the engine's time): disk, backups, archive, and its at-rest keys. */
  seize(nowMs: number): ServerSeizure {
    if (nowMs !== this.engine.nowMs) throw new UsageError(`seize: nowMs ${nowMs} is not the engine's time ${this.engine.nowMs}`);
    this.retention.sweep(nowMs);
    const seizure = takeServerSeizure(nowMs, this.disk, this.backups, this.archive);
    this.engine.record('server-seized', { items: seizure.items.length });
    return seizure;
  }

  /** The read-only view the warrant code queries. */
  view(): ServerView {
    const { disk, store, backups, archive, metadata, directory } = this;
    return createServerView({ disk, store, backups, archive, metadata, directory });
  }

  /** Counts for tests and run summaries. */
  counts(): { readonly live: number; readonly retained: number; readonly metadata: number; readonly backups: number; readonly archive: number } {
    return { live: this.store.liveCount, retained: this.store.retainedCount, metadata: this.metadata.all().length, backups: this.backups.all().length, archive: this.archive.size };
  }
}
