import { DataSource, ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { Alias } from 'typeorm/query-builder/Alias';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer.js';
import { preparedStatement } from './prepared';
import type { Tx } from './transactions';

/** TypeORM's transformer, used for many calls: each call's rows are hydrated with that call's query runner. */
class ReusedTransformer extends RawSqlResultsToEntityTransformer {
  transformWith(runner: QueryRunner | undefined, rows: ObjectLiteral[], alias: Alias): ObjectLiteral[] {
    // As a new transformer would get it (entities' lazy relations load through it); transform() is synchronous, so
    // no other call sees it meanwhile.
    this.queryRunner = runner;
    return this.transform(rows, alias) as ObjectLiteral[];
  }
}

/** One shape of a query builder, built once: its SQL text, which parameter goes where, and how to hydrate. */
interface Compiled<T extends ObjectLiteral> {
  text: string;
  names: string[];
  qb: SelectQueryBuilder<T>;
  /**
   * TypeORM's transformer for this shape, kept: it works out each column's alias on its first rows and remembers them
   * (a new transformer per call worked them out again — most of a one-row read's hydration).
   */
  transformer: ReusedTransformer;
}

/**
 * A TypeORM select built once per shape and then sent as a prepared statement, its rows hydrated by TypeORM's own
 * transformer: the same SQL text and the same entities as `qb.getMany()`, without building the query again on every
 * call (issue 22: in a lifecycle step, TypeORM's query building was the largest share of the service's own CPU after
 * the socket writes). For hot, fixed-shape reads only: a shape is what `build` makes for one `shape` key, whatever
 * the parameter values (no `:...spread` or function parameters, no relation ids, no skip/take with joins).
 */
export class CachedSelect<T extends ObjectLiteral> {
  private readonly shapes = new Map<string, Compiled<T>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly build: (shape: string) => SelectQueryBuilder<T>,
  ) {}

  /** The rows of `shape` for these parameter values, through `tx`'s connection (or any free one outside a transaction). */
  getMany(tx: Tx | undefined, shape: string, params: Record<string, unknown>): Promise<T[]> {
    const values = this.compiled(shape).names.map((name) => {
      if (!(name in params)) throw new Error(`CachedSelect ${shape}: no value for :${name}`);
      return params[name];
    });
    return this.getManyAt(tx, shape, values);
  }

  async getOne(tx: Tx | undefined, shape: string, params: Record<string, unknown>): Promise<T | null> {
    return (await this.getMany(tx, shape, params))[0] ?? null;
  }

  /**
   * The same with the values in the statement's $1…$n order: for a shape built from find options, whose parameters
   * TypeORM names itself (`where: { findingId }` with one value: `[findingId]`).
   */
  async getManyAt(tx: Tx | undefined, shape: string, values: unknown[]): Promise<T[]> {
    const { text, names, qb, transformer } = this.compiled(shape);
    if (values.length !== names.length)
      throw new Error(`CachedSelect ${shape}: ${names.length} values expected, got ${values.length}`);
    const runner = tx?.queryRunner as PostgresQueryRunner | undefined;
    if (qb.expressionMap.lockMode && !runner?.isTransactionActive)
      throw new Error(`CachedSelect ${shape}: a locking read needs a transaction`);
    const { rows } = await preparedStatement(tx ?? this.dataSource.manager, text, values);
    if (!rows.length) return [];
    return transformer.transformWith(runner, rows, qb.expressionMap.mainAlias!) as T[];
  }

  async getOneAt(tx: Tx | undefined, shape: string, values: unknown[]): Promise<T | null> {
    return (await this.getManyAt(tx, shape, values))[0] ?? null;
  }

  private compiled(shape: string): Compiled<T> {
    let compiled = this.shapes.get(shape);
    if (!compiled) {
      const qb = this.build(shape);
      // As getMany/getOne set it before building their SQL: the primary columns are selected even when `select`
      // leaves them out (to tell the rows apart), and left out of the entities again.
      qb.expressionMap.queryEntity = true;
      const named = qb.getQuery();
      if (/:\.\.\./.test(named)) throw new Error(`CachedSelect ${shape}: spread parameters vary the text`);
      if (qb.expressionMap.relationIdAttributes.length)
        throw new Error(`CachedSelect ${shape}: relation ids are loaded by extra queries`);
      // The driver numbers the parameters in order of appearance; given each parameter's own name as its value, the
      // values it returns are the names in $1…$n order.
      const own = Object.fromEntries(Object.keys(qb.getParameters()).map((name) => [name, name]));
      const [text, names] = this.dataSource.driver.escapeQueryWithParameters(named, own);
      const transformer = new ReusedTransformer(qb.expressionMap, this.dataSource.driver, []);
      compiled = { text, names: names as string[], qb, transformer };
      this.shapes.set(shape, compiled);
    }
    return compiled;
  }
}
