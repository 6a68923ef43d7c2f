import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, photos of hazard reports: the smaller copies (thumb, medium) of report photos, owned by hazard-reports
 * like the photos. Copies of photos already stored are made on their first request (HazardPhotoFilesService.serve),
 * not here.
 */
export class HazardPhotoSizes1796425000000 implements MigrationInterface {
  name = 'HazardPhotoSizes1796425000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "hazard_report_photo_renditions" ("id" SERIAL NOT NULL, "photo_id" integer NOT NULL, "size" text NOT NULL, "mime_type" text NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "size_bytes" integer NOT NULL, "content" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_811cbf91c90a6532cd689f6224d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_a56e58a14f8e434ede31bb33b1" ON "hazard_report_photo_renditions"  ("photo_id", "size") `,
    );
    await queryRunner.query(
      `ALTER TABLE "hazard_report_photo_renditions" ADD CONSTRAINT "FK_b695e507da2664080d72229e8e7" FOREIGN KEY ("photo_id") REFERENCES "hazard_report_photos"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "hazard_report_photo_renditions" DROP CONSTRAINT "FK_b695e507da2664080d72229e8e7"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_a56e58a14f8e434ede31bb33b1"`);
    await queryRunner.query(`DROP TABLE "hazard_report_photo_renditions"`);
  }
}
