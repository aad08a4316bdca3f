import { measureSizes, peakRss } from './sizes.ts';
const r = await measureSizes();
for (const s of r.sizes) console.log(s.id.padEnd(40), s.bytes, s.note);
console.log(r.failures, peakRss());
