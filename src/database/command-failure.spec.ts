import { describeCommandFailure } from './command-failure';

describe('operator commands: how an unexpected error is told', () => {
  const url = 'postgres://ops:secret@db.example:5439/rectify';
  const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('names the database (never its password) and what to check when it cannot be reached or refuses the login', () => {
    for (const err of [
      failure('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5439'),
      failure('28P01', 'password authentication failed for user "ops"'),
      failure('3D000', 'database "rectify" does not exist'),
    ]) {
      const said = describeCommandFailure(err, url);
      expect(said).toContain('Cannot use the database db.example:5439/rectify: ');
      expect(said).toContain(err.message);
      expect(said).toContain('Check DATABASE_URL');
      expect(said).not.toContain('secret');
      expect(said).not.toMatch(/\n\s+at /);
    }
    expect(describeCommandFailure(failure('ECONNREFUSED', 'x'), undefined)).toContain('(embedded)');
  });

  it('prints the stack of anything else: a fault to report', () => {
    const err = new TypeError('boom');
    expect(describeCommandFailure(err, url)).toBe(err.stack);
  });
});
