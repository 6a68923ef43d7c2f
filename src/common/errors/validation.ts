import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** The single global validation setup: unknown properties are refused, types are transformed. */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
