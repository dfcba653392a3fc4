/** A worker thread of the plan pool (plan-pool.ts): plans and validates the batches it is given. */
import { parentPort } from 'node:worker_threads';
import { klConformance } from '../kl-reporting/validation/kl-validation.js';
import { planBatch, type PlanBatchOptions, type PlanInput } from './plan-batch.js';

klConformance();
parentPort!.on('message', (message: { id: number; inputs: PlanInput[]; options: PlanBatchOptions }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: planBatch(message.inputs, message.options) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
