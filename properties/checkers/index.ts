// The oracle (docs/properties.md "How a property is judged"): canary scanning, key trial and
// ground-truth comparisons. Lives outside the code it judges; imports sim/authority only for types.
export { checkTransparency } from './warrantCheck.ts';
export { checkNotifications } from './notificationCheck.ts';
export { checkWarrantContent } from './warrantContentCheck.ts';
