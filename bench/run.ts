/**
 * `npm run bench [-- name…]`: runs every `bench/*.bench.ts` module (compiled to
 * `dist/bench/*.bench.js`), or only those named, and prints one report. A bench module's
 * default export is `() => Promise<{ name: string; lines: string[] }>`. Benchmarks are never
 * part of `npm test`: they take minutes and their numbers depend on the machine.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchReport {
  name: string;
  lines: string[];
}

type Bench = () => Promise<BenchReport>;

const here = path.dirname(fileURLToPath(import.meta.url));
/** Compiled benches end in `.bench.js`; run from sources (tsx) they end in `.bench.ts`. */
const SUFFIX = /\.bench\.(js|ts)$/;

/** `indexing.bench.js` → `indexing`. */
const benchName = (file: string): string => file.replace(SUFFIX, '');

async function main(argv: string[]): Promise<number> {
  const files = readdirSync(here)
    .filter((file) => SUFFIX.test(file) && !file.endsWith('.d.ts'))
    .sort();
  const wanted = argv.length === 0 ? files : files.filter((file) => argv.includes(benchName(file)));
  const unknown = argv.filter((name) => !files.some((file) => benchName(file) === name));
  if (unknown.length > 0) {
    console.error(
      `No benchmark named ${unknown.join(', ')}; there are: ${files.map(benchName).join(', ')}`,
    );
    return 2;
  }
  let failed = 0;
  console.log(`trailhound benchmarks · node ${process.version} · ${new Date().toISOString()}\n`);
  for (const file of wanted) {
    const started = Date.now();
    try {
      const bench = (await import(pathToFileURL(path.join(here, file)).href)) as { default: Bench };
      const report = await bench.default();
      console.log(`## ${report.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      for (const line of report.lines) console.log(`  ${line}`);
    } catch (error) {
      failed++;
      console.log(`## ${benchName(file)}: FAILED`);
      console.log(`  ${(error as Error).stack ?? String(error)}`);
    }
    console.log('');
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
