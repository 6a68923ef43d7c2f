import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22 (concurrent transitions at 0.56–0.62× the same SQL without the chain lock): a change's entries were
 * appended in two statements under the head's lock — the head read FOR UPDATE, back to Node to hash the entries onto
 * it, then the entries and the head's move — so every writer of the system waited through two round trips and the
 * Node process in between. append_change_events does it in one statement, in the database: it locks the head (held
 * until COMMIT, as before: two commits never append after the same head), takes the time, hashes each entry onto the
 * previous one, inserts the entries and moves the head, and returns what it sealed.
 *
 * The hash is the one src/audit-log/hash-chain.ts computes (and `npm run audit:verify` recomputes):
 * sha256(prevHash + canonical JSON of the entry). The service sends the canonical text in three parts around the two
 * values only the append knows (chainTextParts): text = part0 + time + part1 + seq + part2, the time as ISO 8601 in
 * UTC with milliseconds (JavaScript's toISOString) — which is why it is truncated to milliseconds before it is
 * stored, and read back to exactly the Date that was hashed.
 */
export class AppendChangeEventsInDatabase1796510000000 implements MigrationInterface {
  name = 'AppendChangeEventsInDatabase1796510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION append_change_events(
        text_before_time text[], text_before_seq text[], text_after_seq text[], actor_ids int[], actor_names text[],
        actions text[], entity_types text[], entity_ids text[], unit_ids int[], changes jsonb[], request_ids text[])
      RETURNS TABLE (entry_seq bigint, entry_time timestamptz, entry_prev_hash text, entry_hash text)
      LANGUAGE plpgsql AS $$
      DECLARE
        head_seq bigint;
        head_hash text;
        stamp timestamptz;
        stamp_text text;
        i int;
      BEGIN
        SELECT h.seq, h.hash INTO head_seq, head_hash FROM change_log_head h WHERE h.id = 1 FOR UPDATE;
        stamp := date_trunc('milliseconds', clock_timestamp());
        stamp_text := to_char(stamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
        FOR i IN 1 .. coalesce(array_length(text_before_time, 1), 0) LOOP
          entry_seq := head_seq + 1;
          entry_time := stamp;
          entry_prev_hash := head_hash;
          entry_hash := encode(sha256(convert_to(
            head_hash || text_before_time[i] || stamp_text || text_before_seq[i] || entry_seq::text || text_after_seq[i],
            'UTF8')), 'hex');
          INSERT INTO change_events (seq, occurred_at, actor_id, actor_name, action, entity_type, entity_id, unit_id,
                                     changes, request_id, prev_hash, hash)
          VALUES (entry_seq, stamp, actor_ids[i], actor_names[i], actions[i], entity_types[i], entity_ids[i], unit_ids[i],
                  changes[i], request_ids[i], entry_prev_hash, entry_hash);
          head_seq := entry_seq;
          head_hash := entry_hash;
          RETURN NEXT;
        END LOOP;
        UPDATE change_log_head SET seq = head_seq, hash = head_hash WHERE id = 1;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION append_change_events(text[], text[], text[], int[], text[], text[], text[],
      text[], int[], jsonb[], text[])`);
  }
}
