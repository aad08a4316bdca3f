// Every bound the simulated world puts on itself, in one place, each with its reason (docs/conventions.md
// rule 8, TigerBeetle: a bound on every loop and queue). Exceeding one throws SimLimitExceeded and
// ends the run; each has an over-the-limit test next to the code that enforces it.

/** Events one run may dispatch. Days of simulated traffic for tens of users stay far below; more means a livelock (a timer re-arming itself, a retry storm), which must end the run instead of hanging it. */
export const MAX_EVENTS_PER_RUN = 5_000_000;

/** Events waiting on the clock at once. Honest traffic keeps a few per message in flight; a queue this deep means message amplification. */
export const MAX_PENDING_EVENTS = 250_000;

/** Latest virtual instant a run may reach: a year of simulated time is far past every retention period the properties look at, and keeps every sum of times a safe integer. */
export const MAX_SIM_TIME_MS = 366 * 24 * 60 * 60 * 1000;

/** Trace lines kept in memory for the caller (the hash covers all lines regardless). A longer run should stream lines to a sink instead. */
export const MAX_TRACE_LINES_KEPT = 1_000_000;

/** Nesting depth canonical JSON accepts: trace entries are shallow; deeper input is a bug or a cycle. */
export const MAX_CANONICAL_JSON_DEPTH = 64;

/** Messages the network carries at once (all links). More means a party is flooding the network. */
export const MAX_IN_FLIGHT_MESSAGES = 100_000;

/** Largest one-way delay a link may be configured with (one day): longer is a partition, which has its own switch. */
export const MAX_LINK_DELAY_MS = 24 * 60 * 60 * 1000;

/** Envelope records the server stores at once (live storage plus records it only claims to have deleted). */
export const MAX_STORED_RECORDS = 200_000;

/** Undelivered envelopes queued for one device: far above a few days offline in any workload; beyond it a sender is flooding one recipient. */
export const MAX_MAILBOX_ENVELOPES = 20_000;

/** Metadata log records kept at once (honest retention keeps only a few days of them). */
export const MAX_METADATA_RECORDS = 1_000_000;

/** Backup snapshots kept at once: an honest server keeps retention / interval of them; keeping more means retention is off for a very long run. */
export const MAX_BACKUPS_KEPT = 2_000;

/** Items a curious or malicious server archives, and items the simulator's own "everything the server saw" record keeps. */
export const MAX_SEEN_ITEMS = 1_000_000;

/** Devices in the key directory. */
export const MAX_DIRECTORY_DEVICES = 100_000;

/** One-time prekeys (X25519 plus KEM) the directory holds per device: a few full refills of MAX_ONE_TIME_PREKEYS. */
export const MAX_DIRECTORY_PREKEYS_PER_DEVICE = 1_000;

/** Adversary rules (message-matching actions and bundle overrides) installed at once. */
export const MAX_ADVERSARY_RULES = 10_000;

/** Client envelope ids remembered to make a resubmitted envelope idempotent. */
export const MAX_SUBMIT_DEDUP_ENTRIES = 200_000;

/** Longest id string (device, user, room, envelope, label) the server's codecs accept: sim ids are short; longer is a harness bug or a hostile envelope. */
export const MAX_SIM_ID_BYTES = 256;

/** Longest wait between re-pushes of an unacknowledged envelope to an online device: keeps retries to a few dozen per message over a 72 h retention period. */
export const REDELIVERY_MAX_MS = 60 * 60 * 1000;

/** Longest a reorder attack holds an envelope back waiting for a later one to overtake it; then it goes out anyway (a reorder, not a drop). */
export const REORDER_MAX_HOLD_MS = 10 * 60 * 1000;
