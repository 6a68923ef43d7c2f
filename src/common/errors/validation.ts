import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { refuseForbiddenInput } from '../http/input-guards';
import { plainTextDeep } from '../text/plain-text';
import { FieldProblem, validationFailed } from './domain-error';

/** Flattens class-validator's nested errors into `{ field: 'a.b.c', messages }` rows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const rows: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) rows.push({ field, messages: Object.values(error.constraints) });
    if (error.children?.length) rows.push(...flattenValidationErrors(error.children, field));
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
}

/** The single global validation setup: unknown properties are refused, types are transformed. */
export const createValidationPipe = () =>
  new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
