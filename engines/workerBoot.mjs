// Worker bootstrap for the engines' worker threads (the libsignal worker, the exec engines' child
// owner): lets a worker load its TypeScript source (tsx, a dependency) when run from the repository;
// the built package has the .js files and needs nothing more.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
