/**
 * The Lambda bundle: `npm run bundle` writes dist/lambda/lambda.js (handler `lambda.handler`),
 * one file holding the bot and its dependencies — without DuckDB, whose native binary the
 * AWS-only Lambda never needs (it answers from LookupEvents and Athena).
 *
 * template.yaml gives `sam build` the same settings (Metadata.BuildProperties; a test keeps the
 * two equal). Why CommonJS: in an ESM bundle esbuild hoists every `import` of an external
 * package to the top of the file, so `@duckdb/node-api` would be loaded at start and fail;
 * in CommonJS the `require` stays inside the local engine's module, which the handler only
 * evaluates if a local question is ever asked (src/backends/create.ts imports it lazily).
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const LAMBDA_ENTRY = 'src/entry/lambda.ts';

/** The esbuild settings, as template.yaml spells them for SAM. */
export const LAMBDA_BUILD = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // Readable stack traces in CloudWatch Logs are worth more than a smaller file.
  minify: false,
  external: ['@duckdb/*'],
} as const satisfies BuildOptions;

/**
 * Bundles the Lambda handler into `outdir/lambda.js` and returns esbuild's metafile (which
 * inputs went in). Example: `await bundleLambda('/tmp/out')` → `/tmp/out/lambda.js` exists.
 */
export async function bundleLambda(outdir: string): Promise<Metafile> {
  const result = await build({
    ...LAMBDA_BUILD,
    external: [...LAMBDA_BUILD.external],
    absWorkingDir: REPO_ROOT,
    entryPoints: { lambda: LAMBDA_ENTRY },
    outdir,
    metafile: true,
    logLevel: 'warning',
    // Only the local engine's index worker reads import.meta.url, and that engine is not
    // loaded on Lambda; esbuild's warning about it in CommonJS is noise here.
    logOverride: { 'empty-import-meta': 'silent' },
  });
  return result.metafile;
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (invokedDirectly) {
  const outdir = path.join(REPO_ROOT, 'dist/lambda');
  bundleLambda(outdir).then(
    (metafile) => {
      const bytes = Object.values(metafile.outputs).reduce((sum, out) => sum + out.bytes, 0);
      console.log(`${path.relative(REPO_ROOT, outdir)}/lambda.js: ${(bytes / 1e6).toFixed(1)} MB`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
