import pg from 'pg';

/** A statement pg was asked to send: its text and, for a prepared (named) one, its name. */
export interface SentStatement {
  text: string;
  name?: string;
}

/** Every statement sent through pg (any client of this process) while `work` ran, in order. */
export async function statementsSent(work: () => Promise<unknown>): Promise<SentStatement[]> {
  const sent: SentStatement[] = [];
  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = client.query;
  client.query = function spied(this: unknown, ...args: unknown[]) {
    const q = args[0] as string | SentStatement;
    sent.push(typeof q === 'string' ? { text: q } : { text: q.text, name: q.name });
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    client.query = original;
  }
  return sent;
}
