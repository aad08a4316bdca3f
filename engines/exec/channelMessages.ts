// What crosses between channel.ts (the caller's thread) and childWorker.ts (the thread that owns the
// engine's process): plain data, by structured clone.

/** From the channel: a line for the engine's standard input, a request for its standard error, or the end of its input. */
export type ChannelMessage = { readonly kind: 'line'; readonly line: string } | { readonly kind: 'stderr' } | { readonly kind: 'end' };

/** From the worker: the engine started (its process group id), wrote a line, exited, or the standard error asked for. */
export type ChildMessage =
  | { readonly kind: 'started'; readonly pid: number }
  | { readonly kind: 'line'; readonly line: string }
  | { readonly kind: 'overflow'; readonly limit: number }
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: string | null; readonly stderr: string }
  | { readonly kind: 'stderr'; readonly stderr: string };
