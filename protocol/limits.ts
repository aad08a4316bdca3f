// Every bound sealroom puts on untrusted input or stored state, in one place, each with its reason
// (docs/conventions.md). Each limit has an over-the-limit test next to the code that enforces it.

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

/** Largest text body a device sends or accepts, and largest encoded text a group message carries (after unpadding). */
export const MAX_PLAINTEXT_BYTES = 64 * 1024;

/**
 * Largest group payload carried over a 1:1 session: a welcome naming MAX_GROUP_MEMBERS members, each
 * at the id cap. Per member record 197 bytes: id 2 + MAX_DEVICE_ID_BYTES (64), Ed25519 key 32, admin
 * flag 1, X25519 half 1 + 32, binding 1 + 64. The create or add operation at most 462 bytes: room id
 * 66, epoch 4, previous transcript hash 32, action 1 + 197 (an add), member digest 32, signer id 66,
 * signature 64. With version, tag and list count (6): 6 + 1,024 × 197 + 462 = 202,196 ≤ 200 KiB.
 * (A 1,000-member room with 36-character UUID ids makes a 169 KB welcome.)
 */
export const MAX_GROUP_PAIRWISE_BYTES = 200 * 1024;

/**
 * Largest encoded content (protocol/content) a 1:1 session carries, and the bound of its padding: a
 * group-control content holding a MAX_GROUP_PAIRWISE_BYTES payload plus room id and framing (72
 * bytes), with slack. A text content stays far below it: its body is capped at MAX_PLAINTEXT_BYTES.
 */
export const MAX_CONTENT_BYTES = MAX_GROUP_PAIRWISE_BYTES + 512;

/**
 * Largest 1:1 wire message a decoder will look at (and the server relays): the largest content after
 * padding (one more block), the ratchet header and AEAD tag, and a setup header with its ML-KEM
 * ciphertext (about 1.3 KB), with slack.
 */
export const MAX_WIRE_MESSAGE_BYTES = MAX_CONTENT_BYTES + 8 * 1024;

/** One-time prekeys a device publishes at once. */
export const MAX_ONE_TIME_PREKEYS = 100;

/** Members per group room: rooms of at least 1,000 must work; above this a sender-key fan-out is better served by MLS (RFC 9420). */
export const MAX_GROUP_MEMBERS = 1_024;

/**
 * Last message number of a 1:1 chain: the counter after it (this + 1) must still fit the u32 header
 * and stored state fields. A header naming a later one is refused INVALID_MESSAGE; a sender that
 * reaches it must take a DH step first (UsageError).
 */
export const MAX_CHAIN_COUNTER = 0xffff_fffe;

/** Index of a spent group sender chain: the largest u32. Its owner must start a fresh chain before sending again. */
export const MAX_SENDER_CHAIN_INDEX = 0xffff_ffff;

/**
 * Largest index a group message may carry (one below MAX_SENDER_CHAIN_INDEX): the receiving chain's
 * next index (this + 1) must still fit its u32 field, or one hostile message would leave every
 * member's store unsavable. A later index is refused INVALID_MESSAGE before any signature check.
 */
export const MAX_GROUP_MESSAGE_INDEX = MAX_SENDER_CHAIN_INDEX - 1;

/** Largest group epoch (u32 on the wire and in the state): a room there can no longer change membership (STALE_EPOCH). */
export const MAX_GROUP_EPOCH = 0xffff_ffff;

/**
 * Longest evaporation timer (about 49.7 days): the device store writes a timer as ms + 1 in a u32
 * (0 means view-once), so a longer one could be received but never saved. Refused on the wire.
 */
export const MAX_EVAPORATION_TIMER_MS = 0xffff_fffe;

/** Group messages a receiver will skip ahead in one sender chain (same reasoning as MAX_FORWARD_JUMP). */
export const MAX_GROUP_FORWARD_JUMP = 2_000;

/** Skipped group message keys kept per sender chain. Oldest are dropped first. */
export const MAX_GROUP_SKIPPED_KEYS = 2_000;

/**
 * Skipped group message keys kept per room, over every member's chains (five full chains, 44 bytes
 * each: 440 KB). Oldest (by storedAtMs) are dropped first: without it one room of hostile members
 * could hold MAX_GROUP_MEMBERS × MAX_GROUP_SENDER_CHAINS full chains.
 */
export const MAX_GROUP_ROOM_SKIPPED_KEYS = 5 * MAX_GROUP_SKIPPED_KEYS;

/**
 * Skipped message keys one device store keeps, over every session and every room (at most 5.4 MB at
 * 108 bytes per 1:1 entry, its header key included). The device drops the oldest (by storedAtMs) beyond it as soon as a receive
 * adds skipped keys (the live state holds it too), and again when the store is written; a store
 * holding more does not load: without it many rooms or contacts, each within its own
 * bound, would outgrow MAX_DEVICE_STORE_BYTES and make the store unsavable.
 */
export const MAX_STORE_SKIPPED_KEYS = 25 * MAX_SKIPPED_KEYS;

/** A skipped group message key older than this is erased (same reason as SKIPPED_KEY_TTL_MS: past the retention period plus slack, no honest server can still deliver the message). */
export const GROUP_SKIPPED_KEY_TTL_MS: number = 4 * 24 * 60 * 60 * 1000;

/** The serialized device store is refused above this size when loading (a corrupt or hostile file). */
export const MAX_DEVICE_STORE_BYTES = 64 * 1024 * 1024;

/** How long an honest server keeps an undelivered privacy-mode ciphertext: the promise was 2–3 days. */
export const DEFAULT_RETENTION_TTL_MS = 72 * 60 * 60 * 1000;

/** Bytes of a device id on the wire (prekey bundles, directory entries): ids are short names or UUIDs; a cap keeps a hostile server from inflating bundles. */
export const MAX_DEVICE_ID_BYTES = 64;

/** How long a replaced signed prekey (and last-resort KEM prekey) still accepts setup messages: a bundle fetched just before rotation can sit at an honest server for the retention TTL (72 h), plus a day of slack for a sender that was offline with it. Older ones are erased (SEC-FS). */
export const SIGNED_PREKEY_GRACE_MS = DEFAULT_RETENTION_TTL_MS + 24 * 60 * 60 * 1000;

/**
 * A member's own sender chain is replaced before it sends on a chain older than this (flag
 * senderKeyRotation), and the new chain goes to every member over the 1:1 sessions. Sender keys only
 * hash forward, so this is how a group heals after a phone was stolen: once the thief's copy can no
 * longer read the 1:1 sessions, the next turnover hands it nothing (docs/properties.md SEC-PCS).
 */
export const SENDER_KEY_LIFETIME_MS: number = 24 * 60 * 60 * 1000;

/** How often maintainPreKeys replaces the signed and last-resort KEM prekeys (Signal rotates its signed prekey every 2 days): a seized phone's signed prekey secret then opens only setups of the last rotation period plus the grace period. The store keeps one retired pair, so a rotation waits until the previous pair's SIGNED_PREKEY_GRACE_MS is over (every 4 days and a bit, in effect). */
export const SIGNED_PREKEY_ROTATION_MS = 2 * 24 * 60 * 60 * 1000;

/**
 * maintainPreKeys tops up one-time prekeys (X25519 and ML-KEM separately) when the server reports fewer
 * than this left. Below the 5 a device publishes at creation (DEFAULT_ONE_TIME_PREKEYS), so a device
 * refills only once contacts have spent some; libsignal waits for fewer than 10 of its 100. Between
 * maintenance runs a burst of more new contacts than this falls back to setups without a one-time
 * prekey, which the setup record and signed prekey rotation cover (prekeyMaintenance.ts).
 */
export const ONE_TIME_PREKEY_LOW_WATER = 3;

/**
 * The count a top-up brings the server's one-time prekeys back to: 20, a fifth of MAX_ONE_TIME_PREKEYS.
 * ML-KEM-1024 key generation dominates the cost (about 3 ms a key with the pure-JavaScript provider,
 * so a top-up costs some 50 ms), and a server that lies about its count (or strips keys) can force at
 * most this many per maintenance run.
 */
export const ONE_TIME_PREKEY_REFILL_TARGET = MAX_ONE_TIME_PREKEYS / 5;

/** Setups accepted without a one-time prekey that a device remembers as (signed prekey, KEM prekey, hash of the agreed keys), to refuse a replayed setup message (libsignal keeps the base keys of its sessions for this). Records leave with their signed prekey (SIGNED_PREKEY_GRACE_MS); past this count the oldest is dropped, so only a replay older than thousands of new contacts could pass. About 40 bytes each. */
export const MAX_SETUP_RECORDS = 5_000;

/** Bytes of a user or device id bound into the session AD (flag idBinding): four of them plus both identities stay under MAX_RATCHET_ASSOCIATED_DATA_BYTES. A longer id cannot open a session (UsageError: ids are chosen by the app, not by peers). */
export const MAX_AD_ID_BYTES = 200;

/** Consumed one-time prekey ids a device remembers, to name a reuse ONE_TIME_PREKEY_REUSED. Only sharpens the error: a reused id past this record still fails (UNKNOWN_PREKEY) because its secret is gone. Ten full batches. */
export const MAX_CONSUMED_PREKEY_IDS = 10 * MAX_ONE_TIME_PREKEYS;

/** Session associated data the ratchet binds into every message AD (opaque, fixed at session start): both identity keys (2 × 64 bytes) plus room for device ids and labels. Bounds the stored ratchet state. */
export const MAX_RATCHET_ASSOCIATED_DATA_BYTES = 1024;

/** Earlier membership epochs whose group messages a member still accepts: a message delayed across up to this many membership changes still decrypts (on the sender's superseded chain). Older ones are refused STALE_EPOCH and their chains erased (SEC-FS). */
export const MAX_GROUP_PAST_EPOCHS = 4;

/** Sender chains kept per group member: the current one plus one per accepted past epoch (Signal keeps 5 sender-key states). */
export const MAX_GROUP_SENDER_CHAINS = MAX_GROUP_PAST_EPOCHS + 1;

/** Bytes of a room id on the wire and in group state: ids are short names or UUIDs. */
export const MAX_ROOM_ID_BYTES = 64;

/** Message ids are short random strings; anything longer is refused before allocation. */
export const MAX_MESSAGE_ID_BYTES = 64;

/** Tombstones ("message expired") kept per device, oldest dropped first: enough for the user to see, too few to rebuild a history. */
export const MAX_TOMBSTONES = 1_000;

/** Messages held back after a key change, waiting for the user to acknowledge it. */
export const MAX_HELD_MESSAGES = 1_000;

/** Contacts per device store. */
export const MAX_CONTACTS = 10_000;

/** Messages in a device inbox (unviewed). */
export const MAX_INBOX_MESSAGES = 10_000;

/** Group rooms one device store holds: each can carry up to MAX_GROUP_MEMBERS members' sender chains, so the count bounds the store a hostile file (or a flood of welcomes) can make the phone parse. */
export const MAX_DEVICE_GROUPS = 1_000;

/**
 * Member records one device store holds over all its rooms (32 full rooms of MAX_GROUP_MEMBERS). Each
 * room keeps its own bounds, but MAX_DEVICE_GROUPS rooms of MAX_GROUP_MEMBERS members each (over a
 * million records of up to 707 bytes with their five sender chains: 197 for the record, 66 for the
 * chains' member id and count, 5 × 88 per chain) would outgrow MAX_DEVICE_STORE_BYTES and leave the
 * store unsavable. At this bound the rooms take at most 23.2 MB (with MAX_STORE_SKIPPED_KEYS group keys
 * at 44 bytes, 25.4 MB), under half the store cap. A welcome or add past it is refused GROUP_TOO_LARGE
 * with the device unchanged (the room stays out); a store holding more does not load (STORE_CORRUPT).
 */
export const MAX_DEVICE_GROUP_MEMBERS = 32 * MAX_GROUP_MEMBERS;

/**
 * RSA key pairs the shipped-2014 model memoises (protocol/variants/shipped2014/installKey.ts), least
 * recently used dropped first: about 1.5 KB each, enough for every install of a large simulated run.
 * A memo of a pure function: its size changes only speed, never a verdict.
 */
export const SHIPPED2014_INSTALL_KEY_CACHE_ENTRIES = 1_024;
