/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.store.Catalog;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.StoreFormatException;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.task.InsufficientMemoryException;

import com.google.common.collect.ImmutableMap;

import java.util.Map;

/**
 * Schema of a store that this JVM's heap could not open: its tables (items and one per layer of
 * its {@code store.json}) are listed as usual, and a query that reads one fails with the store's
 * problem (SQLSTATE 53200), while the catalog's other stores serve.
 */
final class UnavailableStoreSchema extends AbstractSchema {
  private final Map<String, Table> tables;

  UnavailableStoreSchema(Catalog.Problem problem) {
    ImmutableMap.Builder<String, Table> builder = ImmutableMap.builder();
    builder.put(StoreSchema.ITEMS, new UnavailableTable(problem, false));
    try {
      for (LayerSpec layer : StoreManifest.read(problem.directory()).layers()) {
        if (!layer.name().equalsIgnoreCase(StoreSchema.ITEMS)) {
          builder.put(layer.name(), new UnavailableTable(problem, true));
        }
      }
    } catch (StoreFormatException e) {
      // Its items alone then: the query still gets the store's own problem.
    }
    this.tables = builder.build();
  }

  @Override protected Map<String, Table> getTableMap() {
    return tables;
  }

  /** A table of the store: the item columns, and the activation for a layer. */
  private static final class UnavailableTable extends AbstractTable
      implements TranslatableTable {
    private final Catalog.Problem problem;
    private final boolean layer;

    UnavailableTable(Catalog.Problem problem, boolean layer) {
      this.problem = problem;
      this.layer = layer;
    }

    @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      RelDataTypeFactory.Builder builder = typeFactory.builder();
      for (ItemColumn column : ItemColumn.values()) {
        builder.add(column.columnName(), column.type());
      }
      if (layer) {
        builder.add("activation", typeFactory.createArrayType(
            typeFactory.createSqlType(SqlTypeName.REAL), -1));
      }
      return builder.build();
    }

    @Override public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable table) {
      throw new InsufficientMemoryException("store " + problem.store() + " is not open: "
          + problem.message(), 0);
    }
  }
}
