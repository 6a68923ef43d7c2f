import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Trim } from '../common/dto';
import { SourceDocumentType } from './inspection.enums';

/** Which document of the source a file is for: its type, number and version, as the register lists it. */
export class SourceDocumentFileDto {
  @ApiProperty({ enum: SourceDocumentType })
  @IsEnum(SourceDocumentType)
  type: SourceDocumentType;

  @ApiProperty({ example: 'RD-ZD-01' })
  @Trim()
  @IsString()
  @Length(1, 60)
  number: string;

  @ApiProperty({ example: 'A/1' })
  @Trim()
  @IsString()
  @Length(1, 20)
  version: string;
}

export class DocumentFileQuery {
  @ApiPropertyOptional({
    description:
      'The first 16 hex digits of the file’s SHA-256 (as the page links it): the address never changes, cached for a year',
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{16}$/, { message: 'v 须为 16 位十六进制 / v must be 16 hex digits' })
  v?: string;
}
