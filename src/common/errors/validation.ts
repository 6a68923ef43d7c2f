import { ArgumentMetadata, Body, type Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import type { ValidatorOptions } from 'class-validator';
import { refuseForbiddenInput } from '../http/input-guards';
import { plainTextDeep } from '../text/plain-text';
import { PG_INT_MAX, pathInteger } from '../dto';
import { DomainError, FieldProblem, validationFailed } from './domain-error';
import { type CheckedInput, withoutFaultyFields } from './field-problems';
import { bilingualMessage, NOT_CHOSEN, NOT_GIVEN, NOT_TEXT } from './validation-messages';

/** class-validator's checks of a value's kind: when one fails, the range checks' messages are left out. */
export const KIND_CHECKS = new Set([
  'isInt',
  'isNumber',
  'isString',
  NOT_TEXT,
  NOT_CHOSEN,
  NOT_GIVEN,
  'isBoolean',
  'isEnum',
  'isIn',
  'isArray',
  'isCalendarDate',
]);

/**
 * How one failed check of a field is said: its constraint (`isLength`), class-validator's message, the field's dotted
 * path and its own property name (a form's labels are looked up by either).
 */
export type SayFieldProblem = (
  constraint: string,
  message: string,
  field: string,
  property: string,
) => string;

/** The API's: "中文 / English", the field named by its path (validation-messages.ts). */
const sayBilingually: SayFieldProblem = (constraint, message, field) =>
  bilingualMessage(constraint, message, field);

/**
 * Flattens class-validator's nested errors into `{ field: 'a.b.c', messages }` rows, each message said by `say`.
 * Only refused input gets here with errors: a valid one costs nothing more.
 */
export function flattenValidationErrors(
  errors: ValidationError[],
  say: SayFieldProblem = sayBilingually,
  parent = '',
): FieldProblem[] {
  const rows: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      // A value of the wrong kind ("abc", 2147483648 left as text) fails its range checks too: say only the kind.
      // A string field sent a number or an object was filled in, wrongly: not "请填写" but "须为文字".
      // A number left out is asked for ("请选择" a record's id, picked from a list; "请填写" any other), not "须为整数".
      const given = error.value !== undefined && error.value !== null;
      const entries = Object.entries(error.constraints).map(([k, m]): [string, string] =>
        k === 'isString' && given
          ? [NOT_TEXT, m]
          : k === 'isInt' && (!given || error.value === '')
            ? [/Ids?$/.test(error.property) ? NOT_CHOSEN : NOT_GIVEN, m]
            : [k, m],
      );
      const kind = entries.filter(([k]) => KIND_CHECKS.has(k));
      rows.push({
        field,
        messages: (kind.length ? kind : entries).map(([k, m]) => say(k, m, field, error.property)),
      });
    }
    if (error.children?.length) rows.push(...flattenValidationErrors(error.children, say, field));
  }
  return rows;
}

/**
 * The API's validation pipe: before class-validator runs, every input (body, query, path) is refused with 400 when it
 * holds a NUL character (PostgreSQL cannot store it), and a body when it sets a property to an explicit `null`
 * (no Rectify field is cleared by null; leaving a field out keeps it). Then every string's line breaks are normalised
 * to `\n` and other control characters dropped (`plainText`): a textarea's CRLF is never stored.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom')
      refuseForbiddenInput(value, metadata.data ?? '', metadata.type === 'body');
    return super.transform(metadata.type === 'custom' ? value : plainTextDeep(value), metadata);
  }

  /**
   * A numeric path segment (a record's id, a year) is a whole number written in digits, within PostgreSQL's
   * integer: Nest's own conversion (`+value`) would take `0x10` for 16, `+1` or ` 1` for 1 and pass 2147483648 on to
   * the database. Query strings and bodies are validated by their classes (QueryInt, @IsInt).
   */
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param' && metadata.metatype === Number && metadata.data) {
      const id = pathInteger(value);
      if (id === undefined)
        throw new DomainError('BAD_REQUEST', 'BAD_REQUEST', PATH_INTEGER_MESSAGE, [
          { field: metadata.data, messages: [PATH_INTEGER_MESSAGE] },
        ]);
      return id;
    }
    return super.transformPrimitive(value, metadata);
  }
}

const PATH_INTEGER_MESSAGE = `路径中的编号须为整数（1 至 ${PG_INT_MAX}）/ An id in the path must be a whole number (1 to ${PG_INT_MAX})`;

const PIPE_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  // The refused value is kept on the error (never sent back: the answer names fields and says messages) so that a
  // string field sent a number reads 须为文字, not 请填写 (flattenValidationErrors).
  validationError: { target: false, value: true },
  exceptionFactory: (errors: ValidationError[]) => validationFailed(flattenValidationErrors(errors)),
};

/** The single global validation setup: unknown properties are refused, types are transformed. */
export const createValidationPipe = () => new ApiValidationPipe(PIPE_OPTIONS);

/**
 * The API pipe for one body class whose field problems are handed on instead of refused: the body is read as every
 * body is (the same guards, whitelist and transformation; a body that is no object is still refused here), and the
 * handler gets `{ dto, problems }`.
 */
class CheckingPipe extends ApiValidationPipe {
  /** The problems of each body read, kept by the body's object until `transform` hands them on. */
  private readonly found = new WeakMap<object, ValidationError[]>();

  constructor(cls: Type<object>) {
    super({ ...PIPE_OPTIONS, expectedType: cls });
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    this.found.set(object, errors);
    return [];
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<CheckedInput<object>> {
    const dto = (await super.transform(value, metadata)) as object;
    const problems = flattenValidationErrors(this.found.get(dto) ?? []);
    this.found.delete(dto);
    return { dto: withoutFaultyFields(dto, problems), problems };
  }
}

/**
 * The body of a route whose service checks fields of its own against the record: `@CheckedBody(Dto) body:
 * CheckedInput<Dto>`. What class-validator finds goes to the service with the body, which answers with every field at
 * fault at once (field-problems.ts). The OpenAPI document shows the body as `Dto`, as @Body() would.
 */
export const CheckedBody =
  (cls: Type<object>): ParameterDecorator =>
  (target, key, index) => {
    Body(new CheckingPipe(cls))(target, key, index);
    ApiBody({ type: cls })(target, key!, Object.getOwnPropertyDescriptor(target, key!)!);
  };
