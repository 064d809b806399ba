/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.store.Items;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

/**
 * Table over the items of a store, all of them or a sample; a row is an {@code Object[]}
 * whose first columns are {@code id, split, label, predicted, correct}.
 */
public abstract class StoreTable extends AbstractTable implements TranslatableTable {
  protected final Store store;
  private final @Nullable SampledRows sample;

  protected StoreTable(Store store, @Nullable SampledRows sample) {
    this.store = store;
    this.sample = sample;
  }

  /** The sample this table is restricted to, or null for every item. */
  public @Nullable SampledRows sample() {
    return sample;
  }

  /** The table's name in its store's schema. */
  public abstract String name();

  /** A table of the same kind restricted to a sample. */
  public abstract StoreTable restrictTo(SampledRows sample);

  /** Adds the item columns every table has. */
  protected RelDataTypeFactory.Builder itemColumns(RelDataTypeFactory typeFactory) {
    return typeFactory.builder()
        .add("id", SqlTypeName.BIGINT)
        .add("split", SqlTypeName.VARCHAR).nullable(false)
        .add("label", SqlTypeName.INTEGER)
        .add("predicted", SqlTypeName.INTEGER)
        .add("correct", SqlTypeName.BOOLEAN);
  }

  /** Fills the item columns of a row; returns the next free position. */
  protected int fillItemColumns(int row, Object[] values) {
    Items items = store.items();
    values[0] = items.id(row);
    values[1] = items.split(row);
    values[2] = items.label(row);
    values[3] = items.predicted(row);
    values[4] = items.correct(row);
    return 5;
  }

  /** Number of columns of a row. */
  protected abstract int columnCount();

  /** Builds the row of one item. */
  protected abstract Object[] row(int row);

  /** Returns the rows; called by generated code of {@link BoundaryTableScan}. */
  public Enumerable<Object[]> scan() {
    final int[] rows = sample == null ? null : sample.rows();
    final int count = rows == null ? store.items().size() : rows.length;
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object[]> enumerator() {
        return new Enumerator<>() {
          private int position = -1;

          @Override public Object[] current() {
            return row(rows == null ? position : rows[position]);
          }

          @Override public boolean moveNext() {
            return ++position < count;
          }

          @Override public void reset() {
            position = -1;
          }

          @Override public void close() {
          }
        };
      }
    };
  }

  /**
   * Scans this table. A sampled table comes from the sample macro, whose tables Calcite names
   * after the macro; it is renamed after the store and table, or the planner would take scans
   * of two layers sampled alike for the same scan.
   */
  @Override public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelOptTable named = sample == null ? relOptTable
        : RelOptTableImpl.create(relOptTable.getRelOptSchema(), relOptTable.getRowType(),
            List.of(store.name(), name()), this, (Expression) null);
    return new BoundaryTableScan(context.getCluster(), named, this);
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return rowType(typeFactory);
  }

  protected abstract RelDataType rowType(RelDataTypeFactory typeFactory);
}
