/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Table of one layer's activations: the item columns and {@code activation REAL ARRAY}, a
 * lazy view over the memory-mapped layer file.
 */
public final class LayerTable extends StoreTable {
  private final Layer layer;

  LayerTable(Store store, Layer layer, @Nullable SampledRows sample) {
    super(store, sample);
    this.layer = layer;
  }

  public Layer layer() {
    return layer;
  }

  @Override public String name() {
    return layer.name();
  }

  @Override public LayerTable restrictTo(SampledRows sample) {
    return new LayerTable(store, layer, sample);
  }

  @Override protected RelDataType rowType(RelDataTypeFactory typeFactory) {
    return itemColumns(typeFactory)
        .add("activation", typeFactory.createArrayType(
            typeFactory.createSqlType(SqlTypeName.REAL), -1))
        .build();
  }

  @Override protected int columnCount() {
    return ItemColumn.COUNT + 1;
  }

  @Override protected RowSource activations() {
    return layer;
  }

  @Override protected Object value(int row, int column) {
    return column == ItemColumn.COUNT ? layer.row(row) : super.value(row, column);
  }
}
