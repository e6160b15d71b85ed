/**
 * Draws Slack messages as SVG from their Block Kit, for the README's pictures: header, section
 * (mrkdwn text, fields, a button or overflow accessory), context, actions and divider blocks,
 * with mrkdwn bold, italic, code spans, code blocks, links, mentions and the emoji the bot uses.
 * Text is laid out here (SVG does not wrap), with character widths measured for typical
 * sans-serif and monospace fonts, so the picture looks the same in every browser.
 */
import type { KnownBlock } from '../blocks/slack-types.js';

export interface PictureMessage {
  blocks: readonly KnownBlock[];
  /** Shown beside the bot's name, e.g. `2:13 PM`. */
  time: string;
}

export interface Picture {
  title: string;
  /** The first message; `replies` are drawn under it as its thread. */
  parent: PictureMessage;
  replies?: readonly PictureMessage[];
}

type Style = 'plain' | 'bold' | 'italic' | 'code' | 'link' | 'mention' | 'strike';
interface Span {
  text: string;
  style: Style;
}

const WIDTH = 820;
const MARGIN = 20;
const AVATAR = 36;
const TEXT_X = MARGIN + AVATAR + 12;
const TEXT_WIDTH = WIDTH - TEXT_X - MARGIN;
const COLORS = {
  text: '#1d1c1d',
  muted: '#616061',
  code: '#e01e5a',
  codeBg: '#f8f8f8',
  border: '#dddddd',
  link: '#1264a3',
  mentionBg: '#e8f5fa',
  primary: '#007a5a',
  danger: '#e01e5a',
};

/** The emoji short codes trailhound's blocks use, as characters. */
const EMOJI: Readonly<Record<string, string>> = {
  mag: '🔍',
  rotating_light: '🚨',
  white_check_mark: '✅',
  warning: '⚠️',
  x: '❌',
  lock: '🔒',
  eyes: '👀',
  bell: '🔔',
  no_bell: '🔕',
  large_red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_blue_circle: '🔵',
  red_circle: '🔴',
  information_source: 'ℹ️',
  hourglass_flowing_sand: '⏳',
  link: '🔗',
  key: '🔑',
  bust_in_silhouette: '👤',
  globe_with_meridians: '🌐',
  arrows_counterclockwise: '🔄',
  mute: '🔇',
  page_facing_up: '📄',
  clipboard: '📋',
  repeat: '🔁',
  heavy_check_mark: '✔️',
  clock3: '🕒',
  ballot_box_with_check: '☑️',
  dart: '🎯',
  grey_question: '❔',
  incoming_envelope: '📨',
  no_entry: '⛔',
  scissors: '✂️',
  thinking_face: '🤔',
  wave: '👋',
  zzz: '💤',
};

const xml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Slack's three escapes, undone for display. */
const unescape = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const emoji = (text: string): string =>
  text.replace(/:([a-z0-9_+-]+):/g, (all, name: string) => EMOJI[name] ?? all);

/**
 * Splits one line of mrkdwn into styled spans.
 * @example parseMrkdwn('*3* events by `bob`') // [{text:'3',style:'bold'}, {text:' events by ',style:'plain'}, {text:'bob',style:'code'}]
 */
export function parseMrkdwn(line: string): Span[] {
  const spans: Span[] = [];
  const pattern = /`([^`]+)`|<([^>|]+)(?:\|([^>]+))?>|\*([^*\n]+)\*|_([^_\n]+)_|~([^~\n]+)~/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last)
      spans.push({ text: emoji(unescape(line.slice(last, index))), style: 'plain' });
    const [, code, target, label, bold, italic, strike] = match;
    if (code !== undefined) spans.push({ text: unescape(code), style: 'code' });
    else if (target !== undefined) {
      if (target.startsWith('@'))
        spans.push({ text: `@${label ?? target.slice(1)}`, style: 'mention' });
      else if (target.startsWith('!date'))
        spans.push({ text: unescape(label ?? target), style: 'plain' });
      else spans.push({ text: unescape(label ?? target), style: 'link' });
    } else if (bold !== undefined) spans.push({ text: emoji(unescape(bold)), style: 'bold' });
    else if (italic !== undefined) spans.push({ text: emoji(unescape(italic)), style: 'italic' });
    else if (strike !== undefined) spans.push({ text: unescape(strike), style: 'strike' });
    last = index + match[0].length;
  }
  if (last < line.length) spans.push({ text: emoji(unescape(line.slice(last))), style: 'plain' });
  return spans;
}

/**
 * Estimated advance of one character in px at `size`: monospace for code, wider for bold;
 * a little generous, since textLength then pins the text to exactly this width.
 */
function charWidth(ch: string, size: number, style: Style): number {
  if (style === 'code') return size * 0.61;
  const bold = style === 'bold' ? 1.18 : 1;
  if (/[\u{1F000}-\u{1FAFF}\u2600-\u27BF]/u.test(ch)) return size * 1.25;
  if (/[iljtf.,:;|!'’ ()[\]]/.test(ch)) return size * 0.33 * bold;
  if (/[mwMW@%]/.test(ch)) return size * 0.9 * bold;
  if (/[A-Z0-9#&]/.test(ch)) return size * 0.7 * bold;
  return size * 0.58 * bold;
}

const measure = (text: string, size: number, style: Style): number =>
  [...text].reduce((w, ch) => w + charWidth(ch, size, style), 0);

interface Placed extends Span {
  x: number;
  width: number;
  /** The span this piece was cut from. */
  source: Span;
}

/** Lays spans out in lines no wider than `width`, breaking at spaces (or anywhere in a long word). */
function wrap(spans: Span[], size: number, width: number): Placed[][] {
  const lines: Placed[][] = [[]];
  let x = 0;
  for (const span of spans) {
    const pad = span.style === 'code' ? 4 : 0;
    for (const word of span.text.split(/(?<= )/)) {
      let rest = word;
      while (rest !== '') {
        let w = measure(rest, size, span.style) + pad;
        if (x + w > width && x > 0) {
          lines.push([]);
          x = 0;
          rest = rest.trimStart();
          w = measure(rest, size, span.style) + pad;
        }
        let piece = rest;
        if (w > width) {
          // A word longer than the line: cut it where it overflows.
          let cut = 0;
          let used = pad;
          for (const ch of rest) {
            if (used + charWidth(ch, size, span.style) > width - x) break;
            used += charWidth(ch, size, span.style);
            cut += ch.length;
          }
          piece = rest.slice(0, Math.max(cut, 1));
          w = measure(piece, size, span.style) + pad;
        }
        const line = lines[lines.length - 1] as Placed[];
        const previous = line[line.length - 1];
        if (previous !== undefined && previous.source === span) {
          // The same span continues on this line: one piece (one code box, not one per word).
          previous.text += piece;
          previous.width += w - pad;
          x += w - pad;
        } else {
          line.push({ text: piece, style: span.style, x, width: w, source: span });
          x += w;
        }
        rest = rest.slice(piece.length);
      }
    }
  }
  return lines;
}

/** SVG for placed lines of mrkdwn starting at (left, top); returns the markup and the height used. */
function textBlock(
  mrkdwn: string,
  left: number,
  top: number,
  options: { size: number; width: number; color?: string },
): { svg: string; height: number } {
  const { size } = options;
  const lineHeight = Math.round(size * 1.47);
  const out: string[] = [];
  let y = top;
  const paragraphs = mrkdwn.split('```');
  paragraphs.forEach((paragraph, i) => {
    if (i % 2 === 1) {
      // A code block: monospace lines in a bordered box.
      const lines = paragraph.replace(/^\n|\n$/g, '').split('\n');
      const height = lines.length * 18 + 12;
      out.push(
        `<rect x="${left}" y="${y}" width="${options.width}" height="${height}" rx="4" fill="${COLORS.codeBg}" stroke="${COLORS.border}"/>`,
      );
      lines.forEach((line, n) => {
        out.push(
          `<text x="${left + 8}" y="${y + 20 + n * 18}" font-family="Menlo, Consolas, monospace" font-size="12" fill="${COLORS.text}" xml:space="preserve">${xml(unescape(line))}</text>`,
        );
      });
      y += height + 6;
      return;
    }
    for (const raw of paragraph.split('\n')) {
      if (raw.trim() === '' && paragraph.trim() === '') continue;
      for (const line of wrap(parseMrkdwn(raw), size, options.width)) {
        const baseline = y + size;
        for (const s of line) out.push(spanSvg(s, left, baseline, size, options.color));
        y += lineHeight;
      }
    }
  });
  return { svg: out.join('\n'), height: y - top };
}

function spanSvg(s: Placed, left: number, baseline: number, size: number, color?: string): string {
  const x = (left + s.x).toFixed(1);
  const font =
    s.style === 'code' ? 'Menlo, Consolas, monospace' : 'Lato, Helvetica, Arial, sans-serif';
  const pad = s.style === 'code' ? 4 : 0;
  // textLength pins each piece to the width the layout gave it, whatever font the viewer has.
  const attrs: string[] = [
    `x="${(left + s.x + pad / 2).toFixed(1)}"`,
    `y="${baseline}"`,
    `textLength="${(s.width - pad).toFixed(1)}"`,
    'lengthAdjust="spacingAndGlyphs"',
  ];
  attrs.push(`font-family="${font}"`, `font-size="${s.style === 'code' ? size - 2 : size}"`);
  let fill = color ?? COLORS.text;
  let background = '';
  if (s.style === 'bold') attrs.push('font-weight="700"');
  if (s.style === 'italic') attrs.push('font-style="italic"');
  if (s.style === 'strike') attrs.push('text-decoration="line-through"');
  if (s.style === 'link') fill = COLORS.link;
  if (s.style === 'code') {
    fill = COLORS.code;
    background = `<rect x="${x}" y="${baseline - size + 1}" width="${s.width.toFixed(1)}" height="${size + 4}" rx="3" fill="${COLORS.codeBg}" stroke="${COLORS.border}"/>`;
  }
  if (s.style === 'mention') {
    fill = COLORS.link;
    background = `<rect x="${x}" y="${baseline - size + 1}" width="${s.width.toFixed(1)}" height="${size + 4}" rx="3" fill="${COLORS.mentionBg}"/>`;
  }
  attrs.push(`fill="${fill}"`, 'xml:space="preserve"');
  return `${background}<text ${attrs.join(' ')}>${xml(s.text)}</text>`;
}

interface ButtonLike {
  type: string;
  text?: { text: string };
  style?: string;
}

/** A row of buttons (and ⋯ for an overflow menu) from `left`; returns markup and height. */
function buttons(
  elements: readonly ButtonLike[],
  left: number,
  top: number,
): { svg: string; height: number; width: number } {
  const out: string[] = [];
  let x = left;
  let y = top;
  for (const element of elements) {
    const label = element.type === 'overflow' ? '⋯' : emoji(element.text?.text ?? element.type);
    const width = Math.round(measure(label, 14, 'bold') + 24);
    if (x + width > left + TEXT_WIDTH) {
      x = left;
      y += 38;
    }
    const style = element.style;
    const fill =
      style === 'primary' ? COLORS.primary : style === 'danger' ? COLORS.danger : '#ffffff';
    const color = style === 'primary' || style === 'danger' ? '#ffffff' : COLORS.text;
    out.push(
      `<rect x="${x}" y="${y}" width="${width}" height="30" rx="4" fill="${fill}" stroke="${style ? fill : '#bbbbbb'}"/>`,
      `<text x="${x + width / 2}" y="${y + 20}" text-anchor="middle" font-family="Lato, Helvetica, Arial, sans-serif" font-size="14" font-weight="700" fill="${color}">${xml(label)}</text>`,
    );
    x += width + 8;
  }
  return { svg: out.join('\n'), height: y - top + 30, width: x - left - 8 };
}

const textOf = (t: { type: string; text: string } | undefined): string =>
  t === undefined
    ? ''
    : t.type === 'mrkdwn'
      ? t.text
      : t.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One block at `top`; returns its markup and height. */
function blockSvg(block: KnownBlock, top: number): { svg: string; height: number } {
  switch (block.type) {
    case 'header':
      return textBlock(`*${textOf(block.text).replace(/\*/g, '')}*`, TEXT_X, top, {
        size: 18,
        width: TEXT_WIDTH,
      });
    case 'divider':
      return {
        svg: `<line x1="${TEXT_X}" x2="${WIDTH - MARGIN}" y1="${top + 8}" y2="${top + 8}" stroke="${COLORS.border}"/>`,
        height: 16,
      };
    case 'context': {
      const text = block.elements.map((e) => ('text' in e ? textOf(e) : '')).join('  ');
      return textBlock(text, TEXT_X, top, { size: 12, width: TEXT_WIDTH, color: COLORS.muted });
    }
    case 'actions':
      return buttons(block.elements as readonly ButtonLike[], TEXT_X, top + 2);
    case 'section': {
      const accessory = block.accessory as ButtonLike | undefined;
      const side = accessory === undefined ? undefined : buttons([accessory], 0, 0);
      const sideWidth = side === undefined ? 0 : side.width + 16;
      const parts: string[] = [];
      let height = 0;
      if (block.text !== undefined) {
        const body = textBlock(textOf(block.text), TEXT_X, top, {
          size: 15,
          width: TEXT_WIDTH - sideWidth,
        });
        parts.push(body.svg);
        height = body.height;
      }
      if (block.fields !== undefined) {
        const half = (TEXT_WIDTH - 16) / 2;
        let rowTop = top + height;
        for (let i = 0; i < block.fields.length; i += 2) {
          const cells = [block.fields[i], block.fields[i + 1]].map((f, n) =>
            f === undefined
              ? { svg: '', height: 0 }
              : textBlock(textOf(f), TEXT_X + n * (half + 16), rowTop, { size: 15, width: half }),
          );
          parts.push(...cells.map((c) => c.svg));
          rowTop += Math.max(...cells.map((c) => c.height)) + 4;
        }
        height = rowTop - top;
      }
      if (side !== undefined && accessory !== undefined) {
        parts.push(
          `<g transform="translate(${WIDTH - MARGIN - sideWidth + 8} ${top})">${side.svg}</g>`,
        );
        height = Math.max(height, side.height);
      }
      return { svg: parts.join('\n'), height };
    }
    default:
      return { svg: '', height: 0 };
  }
}

/** The bot's avatar, name, APP badge and time, then its blocks; returns markup and height. */
function messageSvg(
  message: PictureMessage,
  top: number,
  indent: number,
): { svg: string; height: number } {
  const out = [
    `<g transform="translate(${indent} 0)">`,
    `<rect x="${MARGIN}" y="${top}" width="${AVATAR}" height="${AVATAR}" rx="6" fill="#2c3e50"/>`,
    `<text x="${MARGIN + AVATAR / 2}" y="${top + 24}" text-anchor="middle" font-family="Lato, Helvetica, Arial, sans-serif" font-size="15" font-weight="900" fill="#ffffff">th</text>`,
    `<text x="${TEXT_X}" y="${top + 14}" font-family="Lato, Helvetica, Arial, sans-serif" font-size="15" font-weight="900" fill="${COLORS.text}" textLength="76" lengthAdjust="spacingAndGlyphs">trailhound</text>`,
    `<rect x="${TEXT_X + 86}" y="${top + 2}" width="30" height="15" rx="2" fill="#e8e8e8"/>`,
    `<text x="${TEXT_X + 101}" y="${top + 13}" text-anchor="middle" font-family="Lato, Helvetica, Arial, sans-serif" font-size="10" font-weight="700" fill="${COLORS.muted}">APP</text>`,
    `<text x="${TEXT_X + 124}" y="${top + 14}" font-family="Lato, Helvetica, Arial, sans-serif" font-size="12" fill="${COLORS.muted}">${xml(message.time)}</text>`,
  ];
  let y = top + 26;
  for (const block of message.blocks) {
    const drawn = blockSvg(block, y);
    out.push(drawn.svg);
    y += drawn.height + 8;
  }
  out.push('</g>');
  return { svg: out.join('\n'), height: y - top };
}

/** The whole picture: a titled window holding the message and its thread. */
export function renderPicture(picture: Picture): string {
  const parts: string[] = [];
  let y = 56;
  const parent = messageSvg(picture.parent, y, 0);
  parts.push(parent.svg);
  y += parent.height + 8;
  const replies = picture.replies ?? [];
  if (replies.length > 0) {
    parts.push(
      `<line x1="${MARGIN}" x2="${WIDTH - MARGIN}" y1="${y}" y2="${y}" stroke="${COLORS.border}"/>`,
      `<text x="${MARGIN}" y="${y + 22}" font-family="Lato, Helvetica, Arial, sans-serif" font-size="13" font-weight="700" fill="${COLORS.link}">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'} in thread</text>`,
    );
    y += 36;
    for (const reply of replies) {
      const drawn = messageSvg(reply, y, 24);
      parts.push(
        `<line x1="${MARGIN + 8}" x2="${MARGIN + 8}" y1="${y}" y2="${y + drawn.height}" stroke="${COLORS.border}" stroke-width="2"/>`,
        drawn.svg,
      );
      y += drawn.height + 8;
    }
  }
  const height = Math.ceil(y + 12);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="${WIDTH}" height="${height}" rx="8" fill="#ffffff" stroke="${COLORS.border}"/>`,
    `<rect width="${WIDTH}" height="40" rx="8" fill="#3f0e40"/>`,
    `<rect y="32" width="${WIDTH}" height="8" fill="#3f0e40"/>`,
    `<text x="${MARGIN}" y="26" font-family="Lato, Helvetica, Arial, sans-serif" font-size="15" font-weight="700" fill="#ffffff">${xml(picture.title)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
