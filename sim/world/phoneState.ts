// The states that cross the boundary between the simulated phones and the judges: what a phone
// exports (its snapshot, a thief's copy, the server's own devices) and what an oracle reads out of a
// seizure's raw bytes. Each engine's oracle knows its own member of each union; nothing else looks
// inside them (docs/architecture.md).
import type { DeviceState } from '../../protocol/device/index.ts';
import type { RecoveredDevice } from '../storage/deviceSeizure.ts';
import type { ContractPhoneState } from './contractState.ts';
import type { ShippedState } from './shipped/state.ts';

/** A phone's live state as its engine exports it: privacy mode's DeviceState, the 2014 model's state, or a device engine's phone (the engine's bytes and the app's own records). */
export type PhoneState = DeviceState | ShippedState | ContractPhoneState;

/** What an oracle reads out of a seizure: every row recovered from a privacy-mode store, or the state another engine seals whole. */
export type SeizedState = RecoveredDevice | ShippedState | ContractPhoneState;

type AnyState = PhoneState | SeizedState;

export function isDeviceState(s: AnyState): s is DeviceState {
  return 'preKeys' in s && 'identity' in s;
}

export function isShippedState(s: AnyState): s is ShippedState {
  return 'rooms' in s && 'privateKey' in s;
}

export function isContractPhoneState(s: AnyState): s is ContractPhoneState {
  return 'engine' in s && 'verified' in s;
}

/** The engine's own member of the union; any other state reaching it is a bug in the world's wiring, not a verdict. */
export function expectState<T extends AnyState>(s: AnyState, is: (x: AnyState) => x is T, engine: string): T {
  if (!is(s)) throw new Error(`${engine}: handed another engine's state (internal error)`);
  return s;
}
