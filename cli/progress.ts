// Progress display for long jobs (property campaigns, scenario libraries, benchmarks). On a TTY: one line
// redrawn in place with a bar, counts, rate and ETA. Not a TTY, or CI set: a plain line every few seconds.

/** Least time between two redraws on a TTY (flicker and CPU). */
const REDRAW_INTERVAL_MS = 100;
/** Time between plain progress lines in logs (CI logs stay short). */
const PLAIN_INTERVAL_MS = 5_000;
/** Bar width in characters on a TTY. */
const BAR_CHARS = 24;
/** Narrowest terminal line the bar assumes. */
const LINE_CHARS_MIN = 40;

export type ProgressMode = 'tty' | 'plain' | 'silent';

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressOptions {
  readonly label: string;
  /** Work items expected; null when unknown (no bar, no ETA). */
  readonly total: number | null;
  readonly stream: ProgressStream;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Override the TTY / CI detection. */
  readonly mode?: ProgressMode;
  /** Monotonic milliseconds; injected in tests. */
  readonly now?: () => number;
  readonly plainIntervalMs?: number;
}

export interface Progress {
  /** Adds `n` (default 1) finished items. */
  tick(n?: number): void;
  /** Sets the finished count. */
  set(done: number): void;
  /** Ends the display with a final line (and the optional summary). */
  finish(summary?: string): void;
}

export interface ProgressState {
  readonly label: string;
  readonly done: number;
  readonly total: number | null;
  readonly elapsedMs: number;
}

/** `tty` on an interactive terminal, `plain` when not a TTY or when CI is set. */
export function detectMode(stream: ProgressStream, env: Readonly<Record<string, string | undefined>>): ProgressMode {
  const ci = env['CI'];
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return 'plain';
  return stream.isTTY === true ? 'tty' : 'plain';
}

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function rateText(done: number, elapsedMs: number): string {
  if (elapsedMs <= 0 || done <= 0) return '–/s';
  const perSecond = (done * 1000) / elapsedMs;
  return perSecond >= 100 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(perSecond >= 10 ? 1 : 2)}/s`;
}

/** The counts, percentage, rate and ETA, e.g. `check SEC-FS 30/100 30% 12.5/s ETA 6s`. */
export function progressText(state: ProgressState): string {
  const { label, done, total, elapsedMs } = state;
  const parts = [label, total === null ? `${done}` : `${done}/${total}`];
  if (total !== null && total > 0) parts.push(`${Math.floor((Math.min(done, total) * 100) / total)}%`);
  parts.push(rateText(done, elapsedMs));
  if (total !== null && done > 0 && done < total && elapsedMs > 0) parts.push(`ETA ${seconds(((total - done) * elapsedMs) / done)}`);
  else parts.push(`${seconds(elapsedMs)} elapsed`);
  return parts.join(' ');
}

/** The TTY line: bar plus text, cut to `columns`. */
export function progressLine(state: ProgressState, columns: number): string {
  const text = progressText(state);
  const width = Math.max(LINE_CHARS_MIN, columns) - 1;
  if (state.total === null || state.total <= 0) return text.slice(0, width);
  const filled = Math.round((Math.min(state.done, state.total) / state.total) * BAR_CHARS);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_CHARS - filled)}]`;
  return `${bar} ${text}`.slice(0, width);
}

/** Starts a progress display. */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const mode = options.mode ?? detectMode(options.stream, options.env ?? {});
  const plainEvery = options.plainIntervalMs ?? PLAIN_INTERVAL_MS;
  const started = now();
  let done = 0;
  let lastDraw = -Infinity;
  let finished = false;
  const state = (): ProgressState => ({ label: options.label, done, total: options.total, elapsedMs: now() - started });
  const draw = (force: boolean): void => {
    if (mode === 'silent' || finished) return;
    const t = now();
    if (!force && t - lastDraw < (mode === 'tty' ? REDRAW_INTERVAL_MS : plainEvery)) return;
    lastDraw = t;
    if (mode === 'tty') options.stream.write(`\r\x1b[2K${progressLine(state(), options.stream.columns ?? 80)}`);
    else options.stream.write(`${progressText(state())}\n`);
  };
  return {
    tick(n = 1) {
      done += n;
      draw(false);
    },
    set(value) {
      done = value;
      draw(false);
    },
    finish(summary) {
      if (mode !== 'silent' && !finished) {
        draw(true);
        if (mode === 'tty') options.stream.write('\n');
        if (summary !== undefined) options.stream.write(`${summary}\n`);
      }
      finished = true;
    },
  };
}
