import fs from 'node:fs';
import path from 'node:path';

/** The texts of notifications, kept with the other texts in templates/notifications/messages.json. */
type Texts = Record<string, { title: string; body: string }>;
let texts: Texts | undefined;

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** A notification's title and body from its template; `{link}` is the full address of the page. */
export function message(
  template: string,
  values: Record<string, string | number>,
): { title: string; body: string } {
  texts ??= JSON.parse(
    fs.readFileSync(path.join(process.cwd(), 'templates', 'notifications', 'messages.json'), 'utf8'),
  ) as Texts;
  const t = texts[template];
  return { title: fill(t.title, values), body: fill(t.body, values) };
}
