/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.ondemand.OnDemandLayers;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.Locale;

/**
 * Table of one layer's activations: the item columns and {@code activation REAL ARRAY}, a
 * lazy view over the memory-mapped layer file; for a layer computed on demand, over the rows a
 * scan reads, computed (or found in the row cache) as they are read.
 */
public final class LayerTable extends StoreTable {
  private final LayerSpec spec;
  /** The stored layer, or null if the layer is computed on demand. */
  private final @Nullable Layer layer;
  private final @Nullable OnDemandLayers onDemand;
  /** The most seconds a computation of rows may be estimated to take. */
  private final double budgetSeconds;

  LayerTable(Store store, Layer layer, @Nullable SampledRows sample) {
    this(store, layer.spec(), layer, null, Double.POSITIVE_INFINITY, sample);
  }

  /** The table of an on-demand layer, computing with a budget of {@code budgetSeconds}. */
  LayerTable(Store store, LayerSpec spec, OnDemandLayers onDemand, double budgetSeconds,
      @Nullable SampledRows sample) {
    this(store, spec, null, onDemand, budgetSeconds, sample);
  }

  private LayerTable(Store store, LayerSpec spec, @Nullable Layer layer,
      @Nullable OnDemandLayers onDemand, double budgetSeconds, @Nullable SampledRows sample) {
    super(store, sample);
    this.spec = spec;
    this.layer = layer;
    this.onDemand = onDemand;
    this.budgetSeconds = budgetSeconds;
  }

  /** The layer's declaration. */
  public LayerSpec spec() {
    return spec;
  }

  /** Whether the layer's rows are computed on demand. */
  public boolean isOnDemand() {
    return onDemand != null;
  }

  @Override public String name() {
    return spec.name();
  }

  @Override public LayerTable restrictTo(@Nullable SampledRows sample) {
    return new LayerTable(store, spec, layer, onDemand, budgetSeconds, sample);
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

  @Override public int fixedArrayLength(int column) {
    return column == ItemColumn.COUNT ? spec.width() : -1;
  }

  @Override boolean hasActivations() {
    return true;
  }

  @Override protected RowSource activations(int @Nullable [] rows,
      @Nullable LayerDemand demand) {
    return layer != null ? layer : compute(rows, demand);
  }

  @Override boolean computesOnDemand(int[] columns) {
    if (onDemand == null) {
      return false;
    }
    for (int column : columns) {
      if (column == ItemColumn.COUNT) {
        return true;
      }
    }
    return false;
  }

  @Override @Nullable String computation(ItemFilter filter) {
    if (onDemand == null) {
      return null;
    }
    int[] rows = rowsPassing(filter);
    int count = rows == null ? store.items().size() : rows.length;
    return String.format(Locale.ROOT, "%s for %d rows, %d cached", spec.name(), count,
        onDemand.cachedRows(spec, rows));
  }

  @Override protected ColumnValues prepare(int @Nullable [] rows, int[] columns,
      @Nullable LayerDemand demand) {
    if (layer != null || !computesOnDemand(columns)) {
      return this::value;
    }
    // Computed as the activations are read: a scan whose activations the query never reads
    // (the population of a sample's groups, counted from the full table) computes none, one
    // that stops early (LIMIT, a client that fetched one page) computes what it reached.
    Layer computed = onDemand.rowsWhenRead(demand == null ? List.of(spec) : demand.layers(),
        spec, rows, budgetSeconds);
    return (row, column) -> column == ItemColumn.COUNT ? computed.row(row)
        : super.value(row, column);
  }

  /** The rows of this on-demand layer, computed with the demand's other layers. */
  private Layer compute(int @Nullable [] rows, @Nullable LayerDemand demand) {
    return onDemand.rows(demand == null ? List.of(spec) : demand.layers(), spec, rows,
        budgetSeconds);
  }

  @Override protected Object value(int row, int column) {
    if (column != ItemColumn.COUNT) {
      return super.value(row, column);
    }
    if (layer == null) {
      throw new IllegalStateException("on-demand layer " + spec.name() + " read without its"
          + " rows computed");
    }
    return layer.row(row);
  }
}
