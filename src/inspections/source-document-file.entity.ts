import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { SourceDocumentType } from './inspection.enums';
import { HazardSource } from './inspections.entities';

/**
 * The file of one document of a 重要危险源 (管理制度, 操作规程, 专项应急预案), stored byte-for-byte with its SHA-256 as
 * evidence is. The document is named by its type, number and version (a new version of a 制度 is a new document
 * and needs its own file). Nothing is deleted: a new upload replaces the current file, which stays, marked
 * `replacedAt`; at most one current file per document.
 */
@Entity('hazard_source_document_files')
@Index('uq_source_document_current_file', ['sourceId', 'documentType', 'documentNumber', 'documentVersion'], {
  unique: true,
  where: '"replaced_at" IS NULL',
})
export class HazardSourceDocumentFile {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  sourceId: number;

  @ManyToOne(() => HazardSource, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: HazardSource;

  @Column('text')
  documentType: SourceDocumentType;

  @Column('text')
  documentNumber: string;

  @Column('text')
  documentVersion: string;

  @Column('text')
  fileName: string;

  @Column('text')
  mimeType: string;

  @Column('int')
  sizeBytes: number;

  @Column('text')
  sha256: string;

  @Column('bytea', { select: false })
  content: Buffer;

  @Column('int')
  uploadedById: number;

  /** The uploader's name as it was then (the page shows who uploaded it). */
  @Column('text')
  uploadedByName: string;

  /** When a newer upload replaced it (null: the document's current file). */
  @Column('timestamptz', { nullable: true })
  replacedAt: Date | null;

  @Column('int', { nullable: true })
  replacedById: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A stored file as listed (its bytes are read only to serve it). */
export type DocumentFileMeta = Omit<HazardSourceDocumentFile, 'content' | 'source'>;
