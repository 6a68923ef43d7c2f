import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  Max,
  Min,
  registerDecorator,
  type ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { isIsoDate } from './time/business-date';

/** Shared DTO helpers: trimming, query-string numbers and booleans, calendar dates. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** PostgreSQL's integer, the type of every id column. */
export const PG_INT_MAX = 2_147_483_647;

/** A path segment as a positive integer column value, or undefined (`0`, `-1`, `007`, `1e3`, `0x10`, too large). */
export function pathInteger(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= PG_INT_MAX ? n : undefined;
}

/**
 * A query-string whole number as a number — within PostgreSQL's integer, the type of the columns it is compared with:
 * beyond it the text stays text, so the field's @IsInt refuses it by name (rather than the database, nameless).
 */
export const QueryInt = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,10}$/.test(value) && Math.abs(Number(value)) <= PG_INT_MAX
      ? Number(value)
      : value,
  );
export const QueryBool = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
export const QueryList = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  );

/**
 * A real calendar date written YYYY-MM-DD (2023-02-30 is refused). Left out or blank, it says so: a date picker left
 * empty is not a date in the wrong format.
 */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: {
        message: ({ value }: ValidationArguments) =>
          value === undefined || value === null || value === ''
            ? `${propertyName} 须填写（日期 YYYY-MM-DD） / must be given: a date YYYY-MM-DD`
            : `${propertyName} 须为有效日期 YYYY-MM-DD / must be a date YYYY-MM-DD`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isIsoDate(value) },
    });
}

/** Paging of a list: `limit` (1–500, default 100) and `offset`; lists answer `{ items, total }`. */
export class PageQuery {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  offset?: number;
}
