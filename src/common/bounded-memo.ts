/**
 * A pure function's answers kept by key, for hot paths that ask the same few questions over and over (issue 22: the
 * weekly matrix works out the same Mondays and Thursday deadlines for every obligation × week; every prepared
 * statement's name is a hash of its text). Bounded: when full it is emptied and fills again, so an unusual caller
 * costs memory once, never without limit.
 */
export class BoundedMemo<K, V> {
  private readonly answers = new Map<K, V>();

  constructor(private readonly kept: number) {}

  get(key: K, compute: () => V): V {
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = compute();
      if (this.answers.size >= this.kept) this.answers.clear();
      this.answers.set(key, answer);
    }
    return answer;
  }
}
