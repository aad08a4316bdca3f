// The simulated network (docs/architecture.md): per-link delay, drop, duplicate, reorder and
// partition/heal, every fault drawn from that link's own seeded stream ('network:from->to'), so
// traffic on one link never shifts another's faults. Deliveries are engine events.
import { assert, UsageError } from '../../protocol/errors.ts';
import type { CanonicalObject } from '../engine/canonicalJson.ts';
import type { Engine } from '../engine/engine.ts';
import { MAX_IN_FLIGHT_MESSAGES } from '../engine/limits.ts';
import { between, happens } from '../engine/probability.ts';
import { SimLimitExceeded, boundWithin } from '../engine/simLimitError.ts';
import { checkLinkFaults, RELIABLE_LINK, type LinkFaults } from './linkFaults.ts';
import { linkKey, Partitions, type PartitionSpec, type PartyId } from './partitions.ts';

export interface NetworkOptions {
  readonly defaultLink?: LinkFaults;
  /** Per-link overrides (directed). */
  readonly links?: readonly { readonly from: PartyId; readonly to: PartyId; readonly faults: LinkFaults }[];
  /** Cuts scheduled on the engine when the network is made. */
  readonly partitions?: readonly PartitionSpec[];
  /** Lower bound on messages in flight (at most MAX_IN_FLIGHT_MESSAGES). */
  readonly maxInFlight?: number;
}

export interface Delivery<P> {
  /** The network's own number for the send; both copies of a duplicate share it. */
  readonly netId: number;
  /** 0 for the original, 1 for a duplicate. */
  readonly copy: number;
  readonly from: PartyId;
  readonly to: PartyId;
  readonly payload: P;
  readonly sentAtMs: number;
  readonly deliverAtMs: number;
}

export interface NetworkStats {
  sent: number;
  dropped: number;
  partitionDropped: number;
  duplicated: number;
  reordered: number;
  delivered: number;
}

export class Network<P> {
  private readonly defaultLink: LinkFaults;
  private readonly links = new Map<string, LinkFaults>();
  private readonly handlers = new Map<PartyId, (d: Delivery<P>) => void>();
  private readonly cuts = new Partitions();
  private readonly maxInFlight: number;
  private inFlight = 0;
  private nextNetId = 1;
  readonly stats: NetworkStats = { sent: 0, dropped: 0, partitionDropped: 0, duplicated: 0, reordered: 0, delivered: 0 };

  constructor(
    private readonly engine: Engine,
    options: NetworkOptions = {},
    /** Trace fields describing a payload (never its secret bytes: a kind and a size are enough). */
    private readonly describe: (payload: P) => CanonicalObject = () => ({}),
  ) {
    this.defaultLink = checkLinkFaults(options.defaultLink ?? RELIABLE_LINK, 'defaultLink');
    for (const l of options.links ?? []) this.links.set(linkKey(l.from, l.to), checkLinkFaults(l.faults, `link ${linkKey(l.from, l.to)}`));
    this.maxInFlight = boundWithin(options.maxInFlight, MAX_IN_FLIGHT_MESSAGES, 'network maxInFlight');
    for (const p of options.partitions ?? []) this.schedulePartition(p);
  }

  /** Registers the party's receive handler; each party attaches once. */
  attach(party: PartyId, handler: (d: Delivery<P>) => void): void {
    if (this.handlers.has(party)) throw new UsageError(`network: party ${party} is already attached`);
    this.handlers.set(party, handler);
  }

  faultsOf(from: PartyId, to: PartyId): LinkFaults {
    return this.links.get(linkKey(from, to)) ?? this.defaultLink;
  }

  /** Sends `payload`; returns the deliveries scheduled on the engine (none if dropped, two if duplicated). */
  send(nowMs: number, from: PartyId, to: PartyId, payload: P): readonly Delivery<P>[] {
    if (nowMs !== this.engine.nowMs) throw new UsageError(`network.send: nowMs ${nowMs} is not the engine's time ${this.engine.nowMs}`);
    const netId = this.nextNetId++;
    this.stats.sent++;
    this.engine.record('net-send', { ...this.describe(payload), from, to, netId });
    if (this.cuts.isCut(from, to)) {
      this.stats.partitionDropped++;
      this.engine.record('net-drop', { netId, reason: 'partition' });
      return [];
    }
    const faults = this.faultsOf(from, to);
    const rng = this.engine.stream(`network:${linkKey(from, to)}`);
    if (happens(rng, faults.drop)) {
      this.stats.dropped++;
      this.engine.record('net-drop', { netId, reason: 'fault' });
      return [];
    }
    const copies = happens(rng, faults.duplicate) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    const out: Delivery<P>[] = [];
    for (let copy = 0; copy < copies; copy++) {
      let delayMs = between(rng, faults.delayMinMs, faults.delayMaxMs);
      if (happens(rng, faults.reorder)) {
        this.stats.reordered++;
        delayMs += between(rng, 1, faults.reorderExtraMaxMs);
      }
      out.push(this.scheduleDelivery({ netId, copy, from, to, payload, sentAtMs: nowMs, deliverAtMs: nowMs + delayMs }));
    }
    return out;
  }

  private scheduleDelivery(d: Delivery<P>): Delivery<P> {
    if (this.inFlight >= this.maxInFlight) {
      throw new SimLimitExceeded('MAX_IN_FLIGHT_MESSAGES', this.maxInFlight, `send #${d.netId} ${linkKey(d.from, d.to)}`);
    }
    this.inFlight++;
    this.engine.schedule(d.deliverAtMs, 'net-deliver', { netId: d.netId, copy: d.copy, from: d.from, to: d.to }, () => this.deliver(d));
    return d;
  }

  private deliver(d: Delivery<P>): void {
    this.inFlight--;
    assert(this.inFlight >= 0, 'network in-flight count');
    if (this.cuts.isCut(d.from, d.to)) {
      this.stats.partitionDropped++;
      this.engine.record('net-drop', { netId: d.netId, copy: d.copy, reason: 'partition' });
      return;
    }
    const handler = this.handlers.get(d.to);
    assert(handler !== undefined, `network: no party ${d.to} attached (harness bug)`);
    this.stats.delivered++;
    handler(d);
  }

  get messagesInFlight(): number {
    return this.inFlight;
  }

  isCut(from: PartyId, to: PartyId): boolean {
    return this.cuts.isCut(from, to);
  }

  partitionParty(party: PartyId): void {
    this.cuts.cutParty(party);
    this.engine.record('net-partition', { party });
  }
  healParty(party: PartyId): void {
    this.cuts.healParty(party);
    this.engine.record('net-heal', { party });
  }
  partitionLink(from: PartyId, to: PartyId): void {
    this.cuts.cutLink(from, to);
    this.engine.record('net-partition', { from, to });
  }
  healLink(from: PartyId, to: PartyId): void {
    this.cuts.healLink(from, to);
    this.engine.record('net-heal', { from, to });
  }

  /** Schedules a cut (and its heal, if given) on the engine. */
  schedulePartition(spec: PartitionSpec): void {
    if (spec.healAtMs !== undefined && spec.healAtMs < spec.atMs) throw new UsageError(`partition: healAtMs ${spec.healAtMs} before atMs ${spec.atMs}`);
    const cut = 'party' in spec ? () => this.partitionParty(spec.party) : () => this.partitionLink(spec.link.from, spec.link.to);
    const heal = 'party' in spec ? () => this.healParty(spec.party) : () => this.healLink(spec.link.from, spec.link.to);
    this.engine.schedule(spec.atMs, 'net-partition-at', {}, cut);
    if (spec.healAtMs !== undefined) this.engine.schedule(spec.healAtMs, 'net-heal-at', {}, heal);
  }
}
