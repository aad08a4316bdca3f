// Every bound sealroom puts on untrusted input or stored state, in one place, each with its reason
// (STYLE.md rule 8). Each limit has an over-the-limit test next to the code that enforces it.

/** Messages a receiver will skip ahead in one chain. Bounds the work and storage one header can force (libsignal uses 25,000; we keep fewer because view-once messages should not linger as skipped keys). */
export const MAX_FORWARD_JUMP = 2_000;

/** Skipped message keys kept per session. Oldest are dropped first. libsignal keeps 2,000. */
export const MAX_SKIPPED_KEYS = 2_000;

/** A skipped message key older than this is erased: a message late by more than a retention period (72 h) plus slack can no longer arrive through an honest server. */
export const SKIPPED_KEY_TTL_MS = 4 * 24 * 60 * 60 * 1000;

/** Receiving chains kept for late messages from earlier ratchet steps (libsignal keeps 5). */
export const MAX_RECEIVER_CHAINS = 5;

/** Sessions kept per contact: a newer setup message replaces the active one, older ones stay to decrypt in-flight messages (libsignal keeps 40 archived states; we need far fewer). */
export const MAX_SESSIONS_PER_CONTACT = 5;

/** Plaintexts are padded to a multiple of this, so a ciphertext's length reveals only its bucket. */
export const PADDING_BLOCK_BYTES = 64;

/** Largest plaintext a device accepts to send or receive (after unpadding). */
export const MAX_PLAINTEXT_BYTES = 64 * 1024;

/** Largest wire message a decoder will look at: a max plaintext, padding, header, KEM ciphertext and slack. */
export const MAX_WIRE_MESSAGE_BYTES = MAX_PLAINTEXT_BYTES + 8 * 1024;

/** One-time prekeys a device publishes at once. */
export const MAX_ONE_TIME_PREKEYS = 100;

/** Members per group room: the issue asks for at least 1,000; above this a sender-key fan-out is better served by MLS. */
export const MAX_GROUP_MEMBERS = 1_024;

/** Group messages a receiver will skip ahead in one sender chain (same reasoning as MAX_FORWARD_JUMP). */
export const MAX_GROUP_FORWARD_JUMP = 2_000;

/** Skipped group message keys kept per sender chain. */
export const MAX_GROUP_SKIPPED_KEYS = 2_000;

/** The serialized device store is refused above this size when loading (a corrupt or hostile file). */
export const MAX_DEVICE_STORE_BYTES = 64 * 1024 * 1024;

/** How long an honest server keeps an undelivered privacy-mode ciphertext: the promise was 2–3 days. */
export const DEFAULT_RETENTION_TTL_MS = 72 * 60 * 60 * 1000;
