// The oracle (docs/properties.md "How a property is judged"): canary scanning, key trial and
// ground-truth comparisons. Lives outside the code it judges; imports sim/authority only for types.
export { violation } from './violation.ts';
export type { PropertyId, Violation } from './violation.ts';
export { CANARY_PREFIX, CANARY_BODY_CHARS, MIN_CANARY_BYTES, makeCanary, canaryPatterns, scanForCanaries, canaryViolations } from './canary.ts';
export type { CanaryForm, CanaryHit, CanaryPattern, Haystack } from './canary.ts';
export { KEY_BYTES, MAX_KEY_CANDIDATES, MAX_RAW_WINDOWS_PER_SOURCE, MAX_OBJECT_NODES, MAX_OBJECT_DEPTH, RAW_WINDOW_STRIDE, keyCandidates } from './keyCandidates.ts';
export type { CandidateSource, KeyCandidate, CandidateSet, CandidateLimits } from './keyCandidates.ts';
export { MAX_KEY_TRIALS, MAX_REPORTED_SUCCESSES, runKeyTrial } from './keyTrial.ts';
export type { LabelledCiphertext, KeyTrialSuccess, KeyTrialResult, TryDecrypt } from './keyTrial.ts';
export { GroundTruth } from '../../sim/log/truth.ts';
export type { TruthEvent, SentEvent } from '../../sim/log/truth.ts';
export { NOTIFICATION_GRACE_MS, checkTransparency } from './warrantCheck.ts';
export { checkNotifications } from './notificationCheck.ts';
export { checkWarrantContent } from './warrantContentCheck.ts';
export { checkExactlyOnce } from './deliveryCheck.ts';
export { serverSeizureHaystacks, phoneSeizureHaystacks, serverSeizureSources, phoneSeizureSources } from './seizureSources.ts';
