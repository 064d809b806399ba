/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptSchema;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelDistributions;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelReferentialConstraint;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.util.ImmutableBitSet;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The table as a narrowed {@link BoundaryTableScan} sees it: some columns of a store table, in
 * the scan's order, with only what is true of them. Keys and collations are remapped to the
 * scan's positions or dropped when a column they need is gone.
 *
 * <p>Calcite's metadata asks a scan's table for keys, collations and column origins by
 * position; a scan that kept reporting the whole table's (key {0} = {@code id}) after
 * narrowing to {@code (label, ...)} made the planner take {@code label} for unique and remove a
 * GROUP BY.
 */
final class NarrowedTable implements RelOptTable {
  private final RelOptTable table;
  private final int[] columns;
  private final RelDataType rowType;

  private NarrowedTable(RelOptTable table, int[] columns, RelDataType rowType) {
    this.table = table;
    this.columns = columns;
    this.rowType = rowType;
  }

  /** The given columns of a table, in that order (a column may repeat). */
  static NarrowedTable of(RelOptTable table, int[] columns, RelDataTypeFactory typeFactory) {
    List<RelDataTypeField> fields = table.getRowType().getFieldList();
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (int column : columns) {
      builder.add(fields.get(column));
    }
    return new NarrowedTable(table, columns.clone(), builder.build());
  }

  /** The position of a column of the whole table in this one, or -1 if it was left out. */
  private int position(int column) {
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] == column) {
        return i;
      }
    }
    return -1;
  }

  @Override public List<String> getQualifiedName() {
    return table.getQualifiedName();
  }

  @Override public double getRowCount() {
    return table.getRowCount();
  }

  @Override public RelDataType getRowType() {
    return rowType;
  }

  @Override public @Nullable RelOptSchema getRelOptSchema() {
    return table.getRelOptSchema();
  }

  @Override public RelNode toRel(ToRelContext context) {
    return RelOptUtil.createProject(table.toRel(context),
        Arrays.stream(columns).boxed().toList());
  }

  @Override public @Nullable List<RelCollation> getCollationList() {
    List<RelCollation> collations = new ArrayList<>();
    for (RelCollation collation : nonNull(table.getCollationList())) {
      List<RelFieldCollation> kept = new ArrayList<>();
      for (RelFieldCollation field : collation.getFieldCollations()) {
        int position = position(field.getFieldIndex());
        if (position < 0) {
          break; // the rows are sorted on a prefix only
        }
        kept.add(field.withFieldIndex(position));
      }
      if (!kept.isEmpty()) {
        collations.add(RelCollations.of(kept));
      }
    }
    return collations;
  }

  @Override public @Nullable RelDistribution getDistribution() {
    RelDistribution distribution = table.getDistribution();
    return distribution == null || distribution.getKeys().isEmpty() ? distribution
        : RelDistributions.ANY;
  }

  /** Whether the columns at these positions hold, among them, a key of the whole table. */
  @Override public boolean isKey(ImmutableBitSet positions) {
    ImmutableBitSet.Builder original = ImmutableBitSet.builder();
    positions.forEach(p -> original.set(columns[p]));
    return table.isKey(original.build());
  }

  @Override public @Nullable List<ImmutableBitSet> getKeys() {
    List<ImmutableBitSet> keys = new ArrayList<>();
    for (ImmutableBitSet key : nonNull(table.getKeys())) {
      ImmutableBitSet.Builder remapped = ImmutableBitSet.builder();
      boolean whole = true;
      for (int column : key) {
        int position = position(column);
        whole &= position >= 0;
        if (position >= 0) {
          remapped.set(position);
        }
      }
      if (whole) {
        keys.add(remapped.build());
      }
    }
    return keys;
  }

  @Override public @Nullable List<RelReferentialConstraint> getReferentialConstraints() {
    return List.of();
  }

  @Override public @Nullable Expression getExpression(Class clazz) {
    return table.getExpression(clazz);
  }

  @Override public RelOptTable extend(List<RelDataTypeField> extendedFields) {
    throw new UnsupportedOperationException("a narrowed scan's table cannot be extended");
  }

  @Override public List<ColumnStrategy> getColumnStrategies() {
    List<ColumnStrategy> all = table.getColumnStrategies();
    return Arrays.stream(columns).mapToObj(all::get).toList();
  }

  /**
   * Unwraps to the whole table's objects, except metadata handlers: those would answer for
   * the whole table's positions.
   */
  @Override public <C> @Nullable C unwrap(Class<C> aClass) {
    if (aClass.isInstance(this)) {
      return aClass.cast(this);
    }
    return MetadataHandler.class.isAssignableFrom(aClass) ? null : table.unwrap(aClass);
  }

  private static <T> List<T> nonNull(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }
}
