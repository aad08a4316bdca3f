// The malicious server's own devices when the phones run a device engine (engines/contract.ts): a
// device of that engine it makes and serves under a victim's name (key substitution), and devices that
// open a session to a victim from its genuine bundle claiming to be someone else (forgery, server-made
// first contact with a fresh identity). A mixed identity and ghosts need the engine's key formats and
// groups, which the contract keeps opaque: the attack interpreter reports them not applicable.
import { toHex, utf8 } from '../../protocol/bytes.ts';
import { deviceId as toDeviceId, roomId as toRoomId } from '../../protocol/ids.ts';
import { UsageError } from '../../protocol/errors.ts';
import type { IdentityKey } from '../../protocol/identity/identityKey.ts';
import { DEVICE_SEED_BYTES, type DeviceEngine, type EngineDevice } from '../../engines/contract.ts';
import type { BundleJson, EnvelopeJson } from '../server/powers.ts';
import type { AttackerKit, AttackerWorld } from './phone.ts';
import type { SessionIdentity } from './vocabulary.ts';
import { addressOf, encodeFrame, encodeWire, engineIdentity, type ContractPhoneState } from './contractState.ts';

export class ContractAttackers implements AttackerKit {
  private readonly made = new Map<string, { readonly posingAs: string; readonly device: EngineDevice }>();

  private forged = 1;

  constructor(
    private readonly engine: DeviceEngine,
    private readonly world: AttackerWorld,
  ) {}

  releaseEngine(): void {
    for (const d of this.made.values()) d.device.release();
    this.made.clear();
  }

  /** Each device's state as it stands (the judges run its receive code over what the server relayed to its victim). */
  get devices(): ReadonlyMap<string, { readonly posingAs: string; readonly state: ContractPhoneState }> {
    return new Map([...this.made].map(([name, d]) => [name, { posingAs: d.posingAs, state: { engine: d.device.exportState(), inbox: [], verified: {} } }]));
  }

  private deviceOf(name: string, posingAs: string): EngineDevice {
    const d = this.made.get(name);
    if (d !== undefined) return d.device;
    const device = this.engine.createDevice(addressOf(posingAs), 0, this.world.engine.stream(`engine:attacker:${name}`).bytes(DEVICE_SEED_BYTES));
    this.made.set(name, { posingAs, device });
    return device;
  }

  substituteBundle(attacker: string, target: string): BundleJson {
    const b = this.deviceOf(attacker, target).bundle({ refresh: false, nowMs: 0 });
    const oneTime = b.oneTime[0];
    return { base: toHex(b.base), ...(oneTime === undefined ? {} : { oneTime: { id: oneTime.id, bytes: toHex(oneTime.bytes) } }) };
  }

  /** A message from a device of the server's own, claiming to be `claimedFrom`, over a session it opens from `to`'s genuine bundle. */
  private greet(name: string, claimedFrom: string, to: string, room: string, id: string): EnvelopeJson | undefined {
    const fetched = this.world.server.fetchBundle(toDeviceId(claimedFrom), toDeviceId(to));
    if (fetched === undefined) return undefined;
    const d = this.deviceOf(name, claimedFrom);
    const started = d.startSession(addressOf(to), { base: fetched.base, ...(fetched.oneTime === undefined ? {} : { oneTime: fetched.oneTime }) }, this.world.engine.nowMs);
    if (!started.ok) return undefined;
    const frame = encodeFrame({ messageId: id, room, viewOnce: true, timerMs: 0 }, utf8('FORGED by the server'));
    const wire = encodeWire(d.encrypt(addressOf(to), frame, this.world.engine.nowMs));
    return { id: `forged:${id}`, from: toDeviceId(claimedFrom), to: toDeviceId(to), roomId: toRoomId(room), kind: 'pairwise', body: toHex(wire), sentAtMs: this.world.engine.nowMs };
  }

  forgeMessage(claimedFrom: string, to: string, room: string): EnvelopeJson | undefined {
    return this.greet(`forger-${claimedFrom}`, claimedFrom, to, room, `forged-${this.forged++}`);
  }

  ghostGroupMessage(ghost: string, room: string): Uint8Array {
    throw new UsageError(`engine ${this.engine.info.name} offers no group rooms (ghost ${ghost} in ${room})`);
  }

  openSessionAs(claimedFrom: string, to: string, identity: SessionIdentity, room: string): EnvelopeJson | undefined {
    if (identity !== 'fresh') return undefined;
    return this.greet(`posing-fresh-${claimedFrom}`, claimedFrom, to, room, `posing-${this.forged++}`);
  }

  forgeGroupAs(): EnvelopeJson[] | undefined {
    return undefined;
  }

  identities(): IdentityKey[] {
    return [...this.made.values()].map((d) => engineIdentity(d.device.identityKey()));
  }
}
