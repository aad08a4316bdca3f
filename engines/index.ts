// The engine contract's public surface (docs/engine-contract.md): the device-level interface an
// implementation of a privacy mode fulfils to be judged, the capabilities it declares, and the registry.
export { CAPABILITIES, DEVICE_SEED_BYTES, lacking } from './contract.ts';
export type {
  Capabilities,
  Capability,
  DeviceEngine,
  EngineCiphertext,
  EngineDevice,
  EngineGroups,
  EngineHost,
  EngineInfo,
  OneTimePreKey,
  Opened,
  PeerAddress,
  PublishedBundle,
  RefusalCode,
  ServedBundle,
  SessionStart,
} from './contract.ts';
export { EngineFault, type EngineFaultKind } from './fault.ts';
export { EngineCrash } from './libsignal/bridge.ts';
export { runConformance, conformanceText, type ConformanceReport } from './exec/conformance/kit.ts';
export { ENGINES, capabilitiesOf, engineInfo, engineLabel, engineOfRun, engineOfVariant, isEngineName, loadDeviceEngine } from './registry.ts';
export type { BuiltinEngineName } from './registry.ts';
