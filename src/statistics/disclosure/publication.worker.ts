/** The worker thread of publication-thread.ts: makes the figures of the publications it is asked for. */
import { parentPort } from 'node:worker_threads';
import { exactOfCells, publishedFigures, type Geography } from './cohort-publication.js';

parentPort!.on('message', (message: { id: number; cells: Int32Array; geography: Geography }) => {
  try {
    const figures = publishedFigures(exactOfCells(message.cells, message.geography), message.geography);
    parentPort!.postMessage({ id: message.id, figures });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
