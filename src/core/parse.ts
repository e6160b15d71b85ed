/**
 * Plain words → a typed Question. The steps, in order:
 * 1. normalise (Slack link/mention wrappers, quotes, trailing `?`, spacing);
 * 2. lift the time expression out, wherever it stands ("what did alice do yesterday in us-east-1");
 * 3. match the start of what is left against each command's patterns, in the order given;
 * 4. read the rest as narrowing modifiers (`by P`, `from IP`, `in REGION`);
 * 5. resolve the window (or the intent's default) and build the filter.
 * Nothing throws: every problem comes back as a ParseFailure saying what to type instead.
 */
import { REGION, ipOrCidrProblem } from './command.js';
import type { CommandSpec } from './command.js';
import { all, eq, identity, sourceIp } from './filter.js';
import type { Predicate } from './filter.js';
import type { AskContext, Modifiers, ParseFailure, ParseResult } from './question.js';
import { closestCommand, closestExamples, correctWords, vocabularyOf } from './suggest.js';
import { defaultWindow, isValidTimeZone, parseWindow, windowSpanAt } from './time-window.js';

/** Polite lead-ins that carry no meaning: "show me failed logins", "please list …". */
const FILLER = /^(?:(?:please|show|me|list|find|get|give|tell|all|any|the|recent)\s+)*/i;
const HELP = /^(?:help|usage|commands|\?|what can you do|how does this work)(?:\s+(.*))?$/i;

/**
 * Reads a question. `commands` are tried in order, so more specific phrasings ("changes to
 * iam") must come before general ones ("changes to R").
 * Example: `parseQuestion('failed logins yesterday', COMMANDS, {now, timeZone: 'UTC'})` →
 * `{ok: true, question: {intent: 'failed-logins', window: yesterday, …}}`.
 */
export function parseQuestion(
  text: string,
  commands: readonly CommandSpec[],
  ctx: AskContext,
): ParseResult {
  const normalised = normalise(text);
  const help = HELP.exec(normalised);
  if (normalised === '' || help) {
    const topic = help?.[1] === undefined ? undefined : closestCommand(help[1], commands);
    return {
      ok: false,
      reason: 'help',
      message: 'Ask me about CloudTrail in plain words. Some questions I answer:',
      suggestions: topic ? [...topic.examples] : commands.map((c) => c.examples[0] ?? c.title),
    };
  }
  if (!isValidTimeZone(ctx.timeZone)) {
    const message = `"${ctx.timeZone}" is not a time zone I know; use an IANA name like Europe/Paris.`;
    return { ok: false, reason: 'bad-window', message, suggestions: [] };
  }
  const result = interpret(normalised, commands, ctx);
  if (result.ok || result.reason !== 'unknown') return result;
  // Not understood: if fixing typos makes it understood, offer the fixed question first,
  // unless an example already says it with more ("failed logins" → "failed logins today").
  const corrected = correctWords(normalised, vocabularyOf(commands));
  const examples = closestExamples(normalised, commands);
  const fixed =
    corrected !== normalised &&
    interpret(corrected, commands, ctx).ok &&
    !examples.some((e) => e.toLowerCase().startsWith(`${corrected.toLowerCase()} `));
  return { ...result, suggestions: fixed ? [corrected, ...examples] : examples };
}

/**
 * Undoes Slack's message encoding and the punctuation people add.
 * Example: `normalise('<@U0BOT> who changed <http://sg-1|sg-1>?')` → `who changed sg-1`.
 */
export function normalise(text: string): string {
  return text
    .replace(/^(?:\s*<@[^>]*>)+/, ' ') // the bot's own mention, leading the message
    .replace(/<[^<>|]*\|([^<>]*)>/g, '$1') // <https://x|label>, <@U1|name>, <#C1|chan>
    .replace(/<!(?:here|channel|everyone)[^>]*>/g, ' ')
    .replace(/<(?:mailto:|@|#)?([^<>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[`"“”]/g, ' ')
    .replace(/[‘’]/g, "'")
    .replace(/,(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[?!.\s]+$/, '');
}

function interpret(text: string, commands: readonly CommandSpec[], ctx: AskContext): ParseResult {
  const { rest, windows } = liftWindows(text);
  let understoodPart: { head: string; leftover: string } | undefined;
  for (const command of commands) {
    for (const pattern of command.patterns) {
      const m = anchored(pattern).exec(rest);
      if (m === null) continue;
      const subject = m.groups?.['subject'];
      const tail = rest.slice(m[0].length).trim();
      const modifiers = readModifiers(tail);
      if (modifiers === undefined) {
        understoodPart ??= { head: m[0].trim(), leftover: tail };
        continue;
      }
      if (!modifiers.ok) return failure('bad-argument', modifiers.message, command);
      return build(text, command, subject, modifiers, windows, ctx);
    }
  }
  const message = understoodPart
    ? `I understood "${understoodPart.head}" but not "${understoodPart.leftover}".`
    : `I didn't understand "${text}". Say "help" to see what I can answer.`;
  return { ok: false, reason: 'unknown', message, suggestions: [] };
}

const compiled = new WeakMap<RegExp, RegExp>();

/** A command pattern as matched: at the start (after filler), case-insensitive, whole words. */
function anchored(pattern: RegExp): RegExp {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`${FILLER.source}(?:${pattern.source})(?=\\s|$)`, 'i');
    compiled.set(pattern, regex);
  }
  return regex;
}

/** Takes every time expression out of the text, wherever it stands. */
function liftWindows(text: string): { rest: string; windows: string[] } {
  const tokens = text.split(' ');
  const kept: string[] = [];
  const windows: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const span = windowSpanAt(tokens, i);
    if (span > 0) windows.push(tokens.slice(i, i + span).join(' '));
    else kept.push(tokens[i] ?? '');
    i += Math.max(span, 1);
  }
  return { rest: kept.join(' '), windows };
}

type ModifierRead =
  { ok: true; modifiers: Modifiers; predicates: Predicate[] } | { ok: false; message: string };

/** `by P`, `from IP`, `in REGION` in any order; undefined when other words are left over. */
function readModifiers(tail: string): ModifierRead | undefined {
  const words = tail === '' ? [] : tail.split(' ');
  const modifiers: Modifiers = {};
  const predicates: Predicate[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const keyword = (words[i] ?? '').toLowerCase();
    const value = words[i + 1];
    if (keyword === 'and') {
      i -= 1;
      continue;
    }
    if (keyword !== 'by' && keyword !== 'from' && keyword !== 'in') return undefined;
    if (value === undefined)
      return { ok: false, message: `"${keyword}" needs something after it.` };
    if (modifiers[keyword] !== undefined) {
      return { ok: false, message: `Give "${keyword}" only once ("${keyword} ${value}").` };
    }
    const problem = modifierProblem(keyword, value);
    if (problem !== undefined) return { ok: false, message: problem };
    const normalised = keyword === 'by' ? value : value.toLowerCase();
    modifiers[keyword] = normalised;
    predicates.push(modifierPredicate(keyword, normalised));
  }
  return { ok: true, modifiers, predicates };
}

function modifierProblem(keyword: 'by' | 'from' | 'in', value: string): string | undefined {
  if (keyword === 'from') return ipOrCidrProblem(value.toLowerCase());
  if (keyword === 'in' && !REGION.test(value.toLowerCase())) {
    return `"${value}" is not an AWS region name (e.g. us-east-1, eu-west-3).`;
  }
  return undefined;
}

function modifierPredicate(keyword: 'by' | 'from' | 'in', value: string): Predicate {
  if (keyword === 'by') return identity(value);
  if (keyword === 'from') return sourceIp(value);
  return eq('awsRegion', value);
}

function build(
  text: string,
  command: CommandSpec,
  rawSubject: string | undefined,
  read: { modifiers: Modifiers; predicates: Predicate[] },
  windows: string[],
  ctx: AskContext,
): ParseResult {
  const subject = command.subject && rawSubject !== undefined ? rawSubject : undefined;
  if (command.subject) {
    if (subject === undefined) {
      return failure('bad-argument', `This question needs ${command.subject.name}.`, command);
    }
    const problem = command.subject.validate?.(subject);
    if (problem !== undefined) return failure('bad-argument', problem, command);
  }
  const where = all(command.filter(subject ?? ''), ...read.predicates);
  const base = { text, intent: command.intent, modifiers: read.modifiers, timeZone: ctx.timeZone };
  const withSubject = subject === undefined ? base : { ...base, subject };
  const data = command.needsDataEvents ? { needsDataEvents: true } : {};
  if (command.defaultHours === null) {
    // `event <id>` finds the event whatever its age, so a window given with it is ignored.
    const question = { ...withSubject, windowText: 'any time', filter: { where, ...data } };
    return { ok: true, question };
  }
  if (windows.length > 1) {
    const listed = windows.map((w) => `"${w}"`).join(' and ');
    return failure('bad-window', `I found two time windows, ${listed}; give one.`, command);
  }
  const given = windows[0] === undefined ? undefined : parseWindow(windows[0], ctx);
  if (given !== undefined && !given.ok) return failure('bad-window', given.message, command);
  const { window, text: windowText } = given ?? defaultWindow(command.defaultHours, ctx);
  const question = { ...withSubject, window, windowText, filter: { window, where, ...data } };
  return { ok: true, question };
}

/** A failure for a recognised question: its examples show how to ask it. */
function failure(
  reason: ParseFailure['reason'],
  message: string,
  command: CommandSpec,
): ParseFailure {
  return { ok: false, reason, message, suggestions: [...command.examples] };
}
