/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.store.Items;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

/** Table of a store's items: the item columns and the extra columns of {@code items.csv}. */
public final class ItemsTable extends StoreTable {
  ItemsTable(Store store, @Nullable SampledRows sample) {
    super(store, sample);
  }

  @Override public String name() {
    return StoreSchema.ITEMS;
  }

  @Override public ItemsTable restrictTo(SampledRows sample) {
    return new ItemsTable(store, sample);
  }

  @Override protected RelDataType rowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = itemColumns(typeFactory);
    for (Items.ExtraColumn column : store.items().extraColumns()) {
      builder.add(column.name(), SqlTypeName.valueOf(column.type().name())).nullable(true);
    }
    return builder.build();
  }

  @Override protected int columnCount() {
    return ItemColumn.COUNT + store.items().extraColumns().size();
  }

  @Override protected Object value(int row, int column) {
    return column < ItemColumn.COUNT ? super.value(row, column)
        : store.items().extraColumns().get(column - ItemColumn.COUNT).value(row);
  }
}
