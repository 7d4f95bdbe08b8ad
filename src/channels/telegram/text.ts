/** Text for Telegram's HTML parse mode: escaping, and splitting within a length limit. */

/** Telegram's HTML mode needs only these three escaped; every text we did not write goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cuts a text into pieces of at most `max` characters (UTF-16 units, as Telegram counts after
 * entity parsing), on paragraph, line or word boundaries when there is one in the second half.
 */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (cut < max / 2) cut = max;
    // Never split a surrogate pair (an emoji) in two.
    if (cut === max && /[\uD800-\uDBFF]/.test(rest[cut - 1])) cut--;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}
