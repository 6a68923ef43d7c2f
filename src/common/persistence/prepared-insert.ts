import type { DataSource, DeepPartial, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { preparedStatement } from './prepared';
import type { Tx } from './transactions';

/** One INSERT of an entity: its text and, in the order of its parameters, the columns given a value. */
interface InsertShape {
  text: string;
  columns: ColumnMetadata[];
}

/**
 * An entity's INSERT built once per set of given columns by TypeORM's own query builder (the text `repo.save` sends:
 * DEFAULT for a column left undefined, RETURNING the generated and defaulted columns) and then sent as a prepared
 * statement (issue 22: TypeORM's persistence machinery — subjects, change maps, the builder — cost a lifecycle step
 * about 0.3 ms of Node CPU per insert, more than the statement). The answer is the entity `repo.save(repo.create(…))`
 * answers: the given fields with the returned columns set.
 *
 * For plain entities only: relation objects are not saved through it, and an entity with a version column, a tree or
 * inheritance is refused when first used. Like ClockTimestampsSubscriber for `save`, it stamps the creation time
 * (@CreateDateColumn) from `now` when the fields leave it undefined. No subscriber's insert events run.
 */
export class PreparedInsert<T extends ObjectLiteral> {
  private readonly shapes = new Map<string, InsertShape>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly target: EntityTarget<T>,
    private readonly now: () => Date,
  ) {}

  async insert(tx: Tx, fields: DeepPartial<T>): Promise<T> {
    const metadata = this.dataSource.getMetadata(this.target);
    const entity = tx.getRepository(this.target).create(fields);
    const created = metadata.createDateColumn;
    if (created && created.getEntityValue(entity) === undefined) created.setEntityValue(entity, this.now());
    const given = metadata.columns.filter(
      (c) => c.isInsert && !c.isVirtual && c.getEntityValue(entity) !== undefined,
    );
    const { text, columns } = this.shapeOf(given);
    const driver = this.dataSource.driver;
    const {
      rows: [row],
    } = await preparedStatement<Record<string, unknown>>(
      tx,
      text,
      columns.map((c) => driver.preparePersistentValue(c.getEntityValue(entity), c)),
    );
    for (const c of metadata.getInsertionReturningColumns())
      if (c.databaseName in row)
        c.setEntityValue(entity, driver.prepareHydratedValue(row[c.databaseName], c));
    return entity;
  }

  /** The INSERT of these columns as TypeORM's builder writes it, each value a parameter; built on first use. */
  private shapeOf(given: ColumnMetadata[]): InsertShape {
    const key = given.map((c) => c.propertyPath).join(',');
    let shape = this.shapes.get(key);
    if (!shape) {
      const metadata = this.dataSource.getMetadata(this.target);
      if (metadata.versionColumn || metadata.treeType || metadata.discriminatorColumn)
        throw new Error(
          `PreparedInsert ${metadata.name}: only plain entities (no version, tree or inheritance)`,
        );
      // null is sent as a parameter like any value, so the builder gives each given column its own $n, in order.
      const placeholders = {} as T;
      for (const c of given) c.setEntityValue(placeholders, null);
      const builder = this.dataSource.createQueryBuilder().insert().into(this.target).values(placeholders);
      // What the builder's execute() adds before it writes the text: RETURNING the generated and defaulted columns.
      builder.expressionMap.extraReturningColumns = metadata.getInsertionReturningColumns();
      const [text, parameters] = builder.getQueryAndParameters();
      if (parameters.length !== given.length)
        throw new Error(
          `PreparedInsert ${metadata.name}: the INSERT of ${key} takes ${parameters.length} parameters`,
        );
      shape = { text, columns: given };
      this.shapes.set(key, shape);
    }
    return shape;
  }
}
