// Worker bootstrap for the libsignal engine: lets the worker load its TypeScript source (tsx, a
// dependency) when run from the repository; the built package has worker.js and needs nothing more.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
