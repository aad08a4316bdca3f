// The shipped-2014 engine in the simulated world (docs/weak-variants.md "shipped-2014"):
// the phone each party runs, the malicious server's kit, and the pieces the judges' oracle reuses
// (properties/judges/oracles/shipped2014.ts), so judging runs the model's own code.
import type { AttackerKit, Phone } from '../phone.ts';
import type { WorldPorts } from '../worldPorts.ts';
import type { AttackerWorld as World } from '../phone.ts';
import { ShippedAttackers } from './attackers.ts';
import { ShippedPhone } from './phone.ts';
export { encryptChat, receiveChatByTrial } from './chat.ts';
export { adoptRoomKey, startRoom } from './rooms.ts';
export type { ShippedState } from './state.ts';
export { openShipped, sealShipped, serializeShipped } from './storeCodec.ts';

export function shippedPhone(ports: WorldPorts, user: string): Phone {
  return new ShippedPhone(ports, user);
}

export function shippedAttackers(world: World): AttackerKit {
  return new ShippedAttackers(world);
}
