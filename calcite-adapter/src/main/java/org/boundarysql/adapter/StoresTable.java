/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.store.Catalog;
import org.boundarysql.store.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * Table {@code boundary.stores}: every store of the catalog with its model, size and latent
 * layer, and the stores that were skipped with the reason.
 */
final class StoresTable extends AbstractTable implements ScannableTable {
  private final Catalog catalog;

  StoresTable(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return typeFactory.builder()
        .add("name", SqlTypeName.VARCHAR)
        .add("model", SqlTypeName.VARCHAR).nullable(true)
        .add("items", SqlTypeName.INTEGER).nullable(true)
        .add("layers", SqlTypeName.INTEGER).nullable(true)
        .add("latent_layer", SqlTypeName.VARCHAR).nullable(true)
        .add("problem", SqlTypeName.VARCHAR).nullable(true)
        .build();
  }

  @Override public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (Store store : catalog.stores()) {
      rows.add(new Object[] {store.name(), store.manifest().model(), store.items().size(),
          store.layers().size(), store.manifest().latentLayer(), null});
    }
    for (Catalog.Problem problem : catalog.problems()) {
      rows.add(new Object[] {problem.store(), null, null, null, null, problem.message()});
    }
    return Linq4j.asEnumerable(rows);
  }
}
