/**
 * A list's items, printed one after another, broken into lines only between items: ["整改中 12，", "复查通过 3，",
 * "已销号 40"] never prints "复查通" at the end of one line and "过 3" on the next, which pdfkit's rules allow (a break
 * between any two hanzi, or at the space in "复查通过 3"). Lines are filled greedily: an item goes on the current line
 * if the line still fits with it, otherwise it starts the next line. An item wider than the whole line (or holding a
 * line break) cannot be kept whole: it continues the current line and is broken as `wrap` breaks it (pdfkit's rules).
 * The items are printed as given: a separator such as "，" belongs to the end of the item before it.
 *
 * `widthOf` measures a text in the line's font and size; `wrap` breaks a text into lines of at most `width` as pdfkit
 * would (cell-text.ts), without its line breaks.
 */
export function breakBetweenItems(
  items: readonly string[],
  width: number,
  widthOf: (s: string) => number,
  wrap: (s: string) => string[],
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (item.includes('\n') || widthOf(item.trimEnd()) > width) {
      const wrapped = wrap(line + item);
      lines.push(...wrapped.slice(0, -1));
      line = wrapped[wrapped.length - 1] ?? '';
    } else if (widthOf((line + item).trimEnd()) <= width) line += item;
    else {
      if (line) lines.push(line);
      line = item;
    }
  }
  lines.push(line);
  return lines;
}

/** A list as a grid prints it: its items separated by "，" (each item ends with the "，" after it), or "—" if empty. */
export function listItems(items: readonly string[], separator = '，'): string[] {
  return items.length ? items.map((t, i) => (i < items.length - 1 ? t + separator : t)) : ['—'];
}
