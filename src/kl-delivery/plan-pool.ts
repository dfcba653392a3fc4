/**
 * Planning and validation off the main thread, for the backfill: a national year is some 40,000
 * courses of CPU work (docs/kl-reporting.md, "Speed"), which worker threads spread over the cores
 * while the main thread reads the next batch and writes the last. With one thread it plans in
 * process (the request path always does).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { siblingWorker } from '../common/sibling-worker.js';
import { planBatch, type PlanBatchOptions, type PlanInput, type PlanResult } from './plan-batch.js';

interface Task {
  id: number;
  inputs: PlanInput[];
  options: PlanBatchOptions;
  resolve: (result: PlanResult[]) => void;
  reject: (error: Error) => void;
}

export class PlanPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Task[] = [];
  private readonly running = new Map<Worker, Task>();
  private readonly workers: Worker[] = [];
  private next = 0;

  private constructor(private readonly size: number) {}

  /** The threads start on the first batch (each loads KL's definitions, about a second): none for nothing to plan. */
  private start(): void {
    for (let i = 0; i < this.size; i++) {
      const worker = siblingWorker(import.meta.url, 'plan.worker');
      this.workers.push(worker);
      worker.on('message', (message: { id: number; result?: PlanResult[]; error?: string }) => {
        const task = this.running.get(worker)!;
        this.running.delete(worker);
        if (message.error) task.reject(new Error(`Planning failed in a worker thread: ${message.error}`));
        else task.resolve(message.result!);
        this.idle.push(worker);
        this.dispatch();
      });
      worker.on('error', (error) => {
        const task = this.running.get(worker);
        this.running.delete(worker);
        task?.reject(error);
        // A thread that failed takes no more work; the others carry on, and with none left the queue fails.
        this.workers.splice(this.workers.indexOf(worker), 1);
        if (this.workers.length === 0) for (const waiting of this.queue.splice(0)) waiting.reject(error);
      });
      this.idle.push(worker);
    }
  }

  /** A pool of `threads` worker threads; 1 or fewer: planning in this thread. */
  static create(threads: number): PlanPool {
    return new PlanPool(threads <= 1 ? 0 : threads);
  }

  get threads(): number {
    return Math.max(1, this.size);
  }

  run(inputs: PlanInput[], options: PlanBatchOptions): Promise<PlanResult[]> {
    if (this.size === 0) return planInSlices(inputs, options);
    if (this.workers.length === 0 && this.next === 0) this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.next++, inputs, options, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.running.set(worker, task);
      worker.postMessage({ id: task.id, inputs: task.inputs, options: task.options });
    }
  }
}

/** Courses planned at a time in this thread before the event loop is let through. */
const SLICE = 10;

/**
 * Planning in this thread (one core, or tests), a few courses at a time with the event loop let
 * through between: a whole batch of 250 at once would hold it for as long as the batch takes
 * (seconds on a loaded machine), so requests would wait and the connection pool's timeouts fire.
 */
async function planInSlices(inputs: PlanInput[], options: PlanBatchOptions): Promise<PlanResult[]> {
  const planned: PlanResult[] = [];
  for (let i = 0; i < inputs.length; i += SLICE) {
    await yieldToEventLoop();
    planned.push(...planBatch(inputs.slice(i, i + SLICE), options));
  }
  return planned;
}
