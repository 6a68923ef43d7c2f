import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Similar findings read synonyms as one word (issue 16, 14): the table of safety-domain synonyms (filled from
 * src/findings/rules/safety-synonym-table.json when the service starts, see FindingSimilarityRepository.syncSynonyms),
 * rectify_canonical() that rewrites a text with it, longest term first, and the bigram trigger reading the rewritten
 * text, so stored findings and the text being compared are read the same way.
 */
export class SimilaritySynonyms1796340000000 implements MigrationInterface {
  name = 'SimilaritySynonyms1796340000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "similarity_synonyms" ("term" text PRIMARY KEY, "canonical" text NOT NULL, CHECK ("term" <> "canonical"))`,
    );
    await queryRunner.query(`CREATE FUNCTION rectify_canonical(t text) RETURNS text STABLE PARALLEL SAFE LANGUAGE plpgsql AS $$
      DECLARE r record; s text := lower(coalesce(t, ''));
      BEGIN
        FOR r IN SELECT term, canonical FROM similarity_synonyms ORDER BY length(term) DESC, term LOOP
          IF position(r.term IN s) > 0 THEN s := replace(s, r.term, r.canonical); END IF;
        END LOOP;
        RETURN s;
      END $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION rectify_findings_bigrams() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.description_bigrams := rectify_bigrams(rectify_canonical(NEW.description)); RETURN NEW; END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION rectify_findings_bigrams() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.description_bigrams := rectify_bigrams(NEW.description); RETURN NEW; END $$`);
    await queryRunner.query(`DROP FUNCTION rectify_canonical(text)`);
    await queryRunner.query(`DROP TABLE "similarity_synonyms"`);
    await queryRunner.query(`UPDATE "findings" SET "description_bigrams" = rectify_bigrams("description")`);
  }
}
