/**
 * A one-line story ("bob opened sg-0abc to 0.0.0.0/0 on port 22 from 203.0.113.50") kept as
 * parts, so the renderer knows which words are ours and which came from the alert: the latter
 * are `{ value }` parts and are always rendered escaped, in a code span.
 */
export type StoryPart = string | { value: string };

/** Story building: `story\`${v(actor)} opened ${v(group)}\`` style without a tag. */
export const v = (value: string): StoryPart => ({ value });

/** The story as plain text (notifications, logs, tests). */
export const storyText = (parts: readonly StoryPart[]): string =>
  parts.map((p) => (typeof p === 'string' ? p : p.value)).join('');
