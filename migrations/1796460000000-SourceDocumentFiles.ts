import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: the file of each document of a 重要危险源 (管理制度, 操作规程, 专项应急预案), stored byte-for-byte with its
 * SHA-256 like evidence. Nothing is deleted: a new upload marks the current file replaced; the partial unique index
 * keeps one current file per document (source, type, number, version).
 */
export class SourceDocumentFiles1796460000000 implements MigrationInterface {
  name = 'SourceDocumentFiles1796460000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "hazard_source_document_files" ("id" SERIAL NOT NULL, "source_id" integer NOT NULL, "document_type" text NOT NULL, "document_number" text NOT NULL, "document_version" text NOT NULL, "file_name" text NOT NULL, "mime_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" text NOT NULL, "content" bytea NOT NULL, "uploaded_by_id" integer NOT NULL, "uploaded_by_name" text NOT NULL, "replaced_at" TIMESTAMP WITH TIME ZONE, "replaced_by_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b523d05eabb8f7f189a911a3043" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_251cc9580f9fe5af30ae7f58cb" ON "hazard_source_document_files"  ("source_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_source_document_current_file" ON "hazard_source_document_files"  ("source_id", "document_type", "document_number", "document_version") WHERE "replaced_at" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "hazard_source_document_files" ADD CONSTRAINT "FK_251cc9580f9fe5af30ae7f58cb9" FOREIGN KEY ("source_id") REFERENCES "hazard_sources"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "hazard_source_document_files" DROP CONSTRAINT "FK_251cc9580f9fe5af30ae7f58cb9"`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_source_document_current_file"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_251cc9580f9fe5af30ae7f58cb"`);
    await queryRunner.query(`DROP TABLE "hazard_source_document_files"`);
  }
}
