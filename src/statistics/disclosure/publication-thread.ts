/**
 * The publication's suppression off the main thread: a national half-year is seconds of CPU
 * (docs/metrics.md, "Disclosure control across outputs", "Cost"), which in the service's own
 * thread would hold every other request of the instance for as long. One worker thread, started
 * on the first publication and kept (the relations' layout it caches is the costly part of a
 * first build); publications are made one after another. A thread that fails is replaced on the
 * next publication.
 */
import type { Worker } from 'node:worker_threads';
import { siblingWorker } from '../../common/sibling-worker.js';
import type { Geography, PublishedFigures } from './cohort-publication.js';

interface Pending {
  worker: Worker;
  resolve: (figures: PublishedFigures) => void;
  reject: (error: Error) => void;
}

export class PublicationThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  /**
   * The figures of the cohort's publication (publishedFigures), made in the worker thread from
   * the exact counts by place (cellIndex of `geography`). `cells` is handed over: it is unusable here afterwards.
   */
  figures(cells: Int32Array, geography: Geography): Promise<PublishedFigures> {
    const worker = this.worker ?? this.start();
    const id = this.next++;
    // Kept alive while it works for someone (a command-line run may have nothing else to wait for).
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ id, cells, geography }, [cells.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const worker = siblingWorker(import.meta.url, 'publication.worker');
    worker.on('message', (message: { id: number; figures?: PublishedFigures; error?: string }) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      // Idle, never what keeps the process alive: a shutdown does not wait for it.
      if (![...this.pending.values()].some((p) => p.worker === worker)) worker.unref();
      if (message.error) waiting?.reject(new Error(`Publication failed in its worker thread: ${message.error}`));
      else waiting?.resolve(message.figures!);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        if (waiting.worker !== worker) continue;
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The publication's worker thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
