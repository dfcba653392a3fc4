/**
 * A worker thread running a module beside the caller's: `./<name>.ts` under the TypeScript loader
 * (npm start, the tests), `./<name>.js` when compiled. The worker needs the loader the service runs
 * under: a process started with it passes it on; a test runner that compiles in process does not,
 * so it is given here.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const LOADER = '@swc-node/register/esm-register';

export function siblingWorker(callerUrl: string, name: string): Worker {
  const ext = extname(fileURLToPath(callerUrl));
  const file = new URL(`./${name}${ext}`, callerUrl);
  const needsLoader = ext === '.ts' && !process.execArgv.includes(LOADER);
  return new Worker(file, needsLoader ? { execArgv: ['--no-warnings', '--enable-source-maps', '--import', LOADER] } : {});
}
