// Child process of prep.bench.ts: prepares one large corpus with the built package (dist/) and
// reports the peak RSS of the whole process (worker threads included).
// usage: node bench/prep-big.mjs <root> <list.txt> <out.h5>
import { prepareCorpus, readFileList } from '../dist/index.js';

const [root, list, out] = process.argv.slice(2);
const s = await prepareCorpus({
  files: readFileList(list),
  root,
  out,
  lowPass: 'decimating',
  progress: false,
});
console.log(
  JSON.stringify({
    ...s,
    skipped: s.skipped.length,
    tooShort: s.tooShort.length,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
