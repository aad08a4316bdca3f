// The simulation engine's public surface: clock, events, seeded streams, trace, bounds.
export { Engine, TRACE_FORMAT, type EngineOptions, type EventHandle, type RunResult, type Seed } from './engine.ts';
export { canonicalJson, type CanonicalObject, type CanonicalValue } from './canonicalJson.ts';
export { Trace, type TraceEntry, type TraceOptions } from './trace.ts';
export { EventQueue, type QueuedItem } from './eventQueue.ts';
export { ALWAYS, NEVER, between, checkProbability, happens, type Probability } from './probability.ts';
export { SimLimitExceeded, boundWithin, isSimLimitExceeded } from './simLimitError.ts';
export * from './limits.ts';
