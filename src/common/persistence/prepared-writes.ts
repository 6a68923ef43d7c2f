import type { DataSource, DeepPartial, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { preparedStatement } from './prepared';
import type { Tx } from './transactions';

/**
 * Writes of one entity whose text TypeORM's own query builder writes once per set of columns, then sent as prepared
 * statements (issue 22: TypeORM's persistence machinery — subjects, change maps, the builder — cost a lifecycle step
 * about 0.3 ms of Node CPU per write, more than the statement). Each column written is a parameter; values go
 * through the driver as the builder sends them (transformers applied). Keep the sets of columns few: each
 * connection keeps every text it prepared.
 */
abstract class PreparedWrites<T extends ObjectLiteral> {
  /** Per set of columns (their property paths): the text and the columns in the order of its parameters. */
  private readonly shapes = new Map<string, { text: string; columns: ColumnMetadata[] }>();
  private resolved?: EntityMetadata;

  constructor(
    protected readonly dataSource: DataSource,
    protected readonly target: EntityTarget<T>,
  ) {}

  /** Read from the data source on first use (it is not initialised yet when providers are built). */
  protected get metadata(): EntityMetadata {
    return (this.resolved ??= this.dataSource.getMetadata(this.target));
  }

  /**
   * Sends the statement for `columns`, `entity`'s values first and then `extra`; the first row it returns. `build`
   * writes the text with every column null (a parameter like any value) and must take `extra.length` more parameters.
   */
  protected async send(
    tx: Tx,
    entity: T,
    columns: ColumnMetadata[],
    extra: unknown[],
    build: (nulls: T) => [string, unknown[]],
  ): Promise<Record<string, unknown>> {
    const key = columns.map((c) => c.propertyPath).join(',');
    let shape = this.shapes.get(key);
    if (!shape) {
      const nulls = {} as T;
      for (const c of columns) c.setEntityValue(nulls, null);
      const [text, parameters] = build(nulls);
      if (parameters.length !== columns.length + extra.length)
        throw new Error(
          `${this.metadata.name}: the statement of ${key} takes ${parameters.length} parameters`,
        );
      shape = { text, columns };
      this.shapes.set(key, shape);
    }
    const driver = this.dataSource.driver;
    const values = shape.columns.map((c) => driver.preparePersistentValue(c.getEntityValue(entity), c));
    const {
      rows: [row],
    } = await preparedStatement<Record<string, unknown>>(tx, shape.text, [...values, ...extra]);
    return row;
  }
}

/**
 * An entity's INSERT as `repo.save(repo.create(fields))` sends it (DEFAULT for a column left undefined, RETURNING the
 * generated and defaulted columns), and the entity it answers: the given fields with the returned columns set.
 *
 * For plain entities only: relation objects are not saved through it, and an entity with a version column, a tree or
 * inheritance is refused when first used. Like ClockTimestampsSubscriber for `save`, it stamps the creation time
 * (@CreateDateColumn) from `now` when the fields leave it undefined. No subscriber's insert events run.
 */
export class PreparedInsert<T extends ObjectLiteral> extends PreparedWrites<T> {
  constructor(
    dataSource: DataSource,
    target: EntityTarget<T>,
    private readonly now: () => Date,
  ) {
    super(dataSource, target);
  }

  async insert(tx: Tx, fields: DeepPartial<T>): Promise<T> {
    const metadata = this.metadata;
    if (metadata.versionColumn || metadata.treeType || metadata.discriminatorColumn)
      throw new Error(
        `PreparedInsert ${metadata.name}: only plain entities (no version, tree or inheritance)`,
      );
    const entity = tx.getRepository(this.target).create(fields);
    const created = metadata.createDateColumn;
    if (created && created.getEntityValue(entity) === undefined) created.setEntityValue(entity, this.now());
    const given = metadata.columns.filter(
      (c) => c.isInsert && !c.isVirtual && c.getEntityValue(entity) !== undefined,
    );
    const returning = metadata.getInsertionReturningColumns();
    const row = await this.send(tx, entity, given, [], (nulls) => {
      const builder = this.dataSource.createQueryBuilder().insert().into(this.target).values(nulls);
      // What the builder's execute() adds before it writes the text: RETURNING the generated and defaulted columns.
      builder.expressionMap.extraReturningColumns = returning;
      return builder.getQueryAndParameters();
    });
    const driver = this.dataSource.driver;
    for (const c of returning)
      if (c.databaseName in row)
        c.setEntityValue(entity, driver.prepareHydratedValue(row[c.databaseName], c));
    return entity;
  }
}

/**
 * An UPDATE of some of an entity's properties by its `id`, as TypeORM's query builder writes it (a version column
 * + 1 and an update-date column now, when the entity has them), RETURNING `returning`; the row it returns.
 */
export class PreparedUpdate<T extends ObjectLiteral> extends PreparedWrites<T> {
  constructor(
    dataSource: DataSource,
    target: EntityTarget<T>,
    private readonly returning: string,
  ) {
    super(dataSource, target);
  }

  update(tx: Tx, entity: T & { id: number }, properties: string[]): Promise<Record<string, unknown>> {
    const columns = properties.map((p) => this.metadata.findColumnWithPropertyPath(p)!);
    return this.send(tx, entity, columns, [entity.id], (nulls) =>
      this.dataSource
        .createQueryBuilder()
        .update(this.target)
        .set(nulls as never)
        .where('id = :id', { id: 0 })
        .returning(this.returning)
        .getQueryAndParameters(),
    );
  }
}
