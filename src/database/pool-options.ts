/**
 * The pg pool's settings every data source starts from (data-source.ts), and the bench's reference handlers too; a
 * caller's own (a smaller pool, its own name, its idle timeout) go over them. Free of TypeORM and the entities, so
 * the bench's node:http handlers take the same settings without loading the service.
 * `pipeline` (node-postgres' opt-in pipelining): a query is sent at once even while the connection still answers
 * an earlier one. Code that awaits each statement sends one at a time as before; the change log sends its append and
 * TypeORM's COMMIT back to back, so the chain head is locked only while PostgreSQL runs the two, never for a trip
 * back to Node (change-log.repository.ts; issue 22).
 */
export function poolOptions(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { max: 20, application_name: 'rectify', pipeline: true, ...overrides };
}
