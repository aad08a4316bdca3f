// The engine's pending events: a binary min-heap ordered by (time, insertion sequence), so two
// events at the same virtual millisecond always run in the order they were scheduled.
import { assert } from '../../protocol/errors.ts';
import { SimLimitExceeded } from './simLimitError.ts';

export interface QueuedItem {
  readonly atMs: number;
  readonly seq: number;
}

function before(a: QueuedItem, b: QueuedItem): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

export class EventQueue<T extends QueuedItem> {
  private readonly heap: T[] = [];

  constructor(
    /** Most items held at once; pushing past it throws SimLimitExceeded('MAX_PENDING_EVENTS'). */
    readonly capacity: number,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  push(item: T): void {
    if (this.heap.length >= this.capacity) throw new SimLimitExceeded('MAX_PENDING_EVENTS', this.capacity, `scheduling event #${item.seq}`);
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i] as T, h[parent] as T)) break;
      [h[i], h[parent]] = [h[parent] as T, h[i] as T];
      i = parent;
    }
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  pop(): T | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined) return undefined;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(start: number): void {
    const h = this.heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l] as T, h[m] as T)) m = l;
      if (r < h.length && before(h[r] as T, h[m] as T)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m] as T, h[i] as T];
      i = m;
    }
  }

  /** Debug invariant: every parent sorts before its children. */
  checkHeap(): void {
    for (let i = 1; i < this.heap.length; i++) assert(!before(this.heap[i] as T, this.heap[(i - 1) >> 1] as T), 'event heap order');
  }
}
