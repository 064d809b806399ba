/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.store.InputLayer;
import org.boundarysql.store.Items;
import org.boundarysql.store.ModelInput;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * Table of a store's items: the item columns, the extra columns of {@code items.csv}, and for
 * a store that keeps its model's inputs, each input as the model is fed it ({@code input REAL
 * ARRAY}, after the transform) and, for inputs shaped as images, as a picture
 * ({@code input_png VARBINARY}, a PNG; see {@link InputPicture}). With several model inputs the
 * columns are named {@code input_NAME} and {@code input_NAME_png}.
 */
public final class ItemsTable extends StoreTable {
  /** The input columns, after the extra columns. */
  private final List<InputColumn> inputColumns;

  /** One input column: which input, and whether it is the picture. */
  private record InputColumn(String name, int input, boolean picture) { }

  ItemsTable(Store store, @Nullable SampledRows sample) {
    super(store, sample);
    List<InputColumn> columns = new ArrayList<>();
    List<ModelInput> inputs = store.manifest().inputs();
    for (int i = 0; i < inputs.size(); i++) {
      String name = inputs.size() == 1 ? "input"
          : ModelInput.storedName(inputs.get(i).name());
      columns.add(new InputColumn(name, i, false));
      if (InputPicture.isImage(inputs.get(i).shape())) {
        columns.add(new InputColumn(name + "_png", i, true));
      }
    }
    this.inputColumns = List.copyOf(columns);
  }

  @Override public String name() {
    return StoreSchema.ITEMS;
  }

  @Override public ItemsTable restrictTo(@Nullable SampledRows sample) {
    return new ItemsTable(store, sample);
  }

  @Override protected RelDataType rowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = itemColumns(typeFactory);
    for (Items.ExtraColumn column : store.items().extraColumns()) {
      builder.add(column.name(), SqlTypeName.valueOf(column.type().name())).nullable(true);
    }
    for (InputColumn column : inputColumns) {
      builder.add(column.name(), column.picture()
          ? typeFactory.createSqlType(SqlTypeName.VARBINARY)
          : typeFactory.createArrayType(typeFactory.createSqlType(SqlTypeName.REAL), -1));
    }
    return builder.build();
  }

  @Override protected int columnCount() {
    return ItemColumn.COUNT + store.items().extraColumns().size() + inputColumns.size();
  }

  @Override protected Object value(int row, int column) {
    if (column < ItemColumn.COUNT) {
      return super.value(row, column);
    }
    int extras = store.items().extraColumns().size();
    if (column < ItemColumn.COUNT + extras) {
      return store.items().extraColumns().get(column - ItemColumn.COUNT).value(row);
    }
    InputColumn input = inputColumns.get(column - ItemColumn.COUNT - extras);
    InputLayer layer = store.inputs().get(input.input());
    if (input.picture()) {
      return new ByteString(InputPicture.of(layer, layer.input().shape()).png(row));
    }
    return layer.row(row);
  }
}
