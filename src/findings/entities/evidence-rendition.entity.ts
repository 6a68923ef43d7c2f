import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { EvidenceFile } from './rectification.entity';

/**
 * A smaller copy of an evidence photo (thumb for pages, medium for the close-out sheet and phones), made with sharp
 * on upload — or on first request for a photo uploaded before sizes existed. Derived data: the original in
 * evidence_files stays byte-for-byte as uploaded with its SHA-256; a copy can always be made again from it.
 */
@Entity('evidence_renditions')
@Index(['evidenceId', 'size'], { unique: true })
export class EvidenceRendition {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  evidenceId: number;

  @ManyToOne(() => EvidenceFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evidence_id' })
  evidence?: EvidenceFile;

  /** 'thumb' or 'medium' (common/files/image-sizes.ts). */
  @Column('text')
  size: string;

  @Column('text')
  mimeType: string;

  @Column('int')
  width: number;

  @Column('int')
  height: number;

  @Column('int')
  sizeBytes: number;

  @Column('bytea', { select: false })
  content: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
