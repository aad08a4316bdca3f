// Placeholder until the shipped-2014 phone lands: the world refuses to build it rather than pretend.
import { UsageError } from '../../../protocol/errors.ts';
import type { AttackerKit, Phone } from '../phone.ts';
import type { WorldPorts } from '../simDevice.ts';
import type { World } from '../world.ts';

export function shippedPhone(_ports: WorldPorts, user: string): Phone {
  throw new UsageError(`shipped-2014 phone for ${user}: the shipped engine is not wired into the world yet`);
}

export function shippedAttackers(_world: World): AttackerKit {
  throw new UsageError('shipped-2014 attackers are not wired into the world yet');
}

