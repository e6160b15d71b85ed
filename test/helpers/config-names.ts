/**
 * The environment variables trailhound's own code reads: whatever src/, commands/ or blocks/
 * reads as `env.NAME` / `env['NAME']`, and every top-level key of a zod environment schema
 * (`z.object({ NAME: … })`). The README's configuration reference and the deployment files
 * (template.yaml, app.json) are checked against it, so an undocumented, misspelt or retired
 * variable fails a test instead of being silently ignored in production.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './records.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** The keys of each `z.object({ … })` literal whose keys are upper-case variable names. */
function schemaKeys(source: string): string[] {
  const keys: string[] = [];
  for (const match of source.matchAll(/\bz\s*\.object\(\{/g)) {
    const open = match.index + match[0].length - 1;
    let depth = 0;
    let end = open;
    for (let i = open; i < source.length; i++) {
      if (source[i] === '{') depth++;
      else if (source[i] === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    const body = source.slice(open, end);
    // Only top-level keys, at the literal's first indentation.
    const indent = /\n(\s+)\S/.exec(body)?.[1] ?? '  ';
    for (const [, key] of body.matchAll(new RegExp(`\\n${indent}([A-Z][A-Z0-9_]+):`, 'g'))) {
      if (key !== undefined) keys.push(key);
    }
  }
  return keys;
}

/** Every variable name the code reads, with the files that read it. */
export function variablesRead(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (name: string, file: string) => found.set(name, [...(found.get(name) ?? []), file]);
  for (const file of ['src', 'commands', 'blocks'].flatMap(sourceFiles)) {
    const source = readFileSync(path.join(repoRoot, file), 'utf8');
    for (const [, dotted, bracketed] of source.matchAll(
      /\benv(?:\?\.|\.)([A-Z][A-Z0-9_]+)\b|\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g,
    )) {
      add((dotted ?? bracketed) as string, file);
    }
    for (const key of schemaKeys(source)) add(key, file);
  }
  return found;
}

/** Example: `variablesReadByCode().has('SLACK_BOT_TOKEN')` → true. */
export const variablesReadByCode = (): Set<string> => new Set(variablesRead().keys());
