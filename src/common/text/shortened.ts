/** `text` cut to its first `max` characters with "…" after them, or whole when it is no longer than that. */
export function shortened(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
