// The device engines loaded in this process (engines/registry.ts loads them), apart from the registry
// so that closing them at the end of a command costs nothing when none was loaded: this file imports
// nothing, while the registry brings every engine's module with it.
import type { DeviceEngine } from './contract.ts';

/** By name as the run named it (a registered name or `exec:COMMAND`). */
export const loaded = new Map<string, DeviceEngine>();

/** Closes every device engine loaded so far (an exec engine is told to shut down and its process waited for): at the end of a command. */
export function closeLoadedEngines(): void {
  for (const engine of [...loaded.values()]) engine.close();
}
