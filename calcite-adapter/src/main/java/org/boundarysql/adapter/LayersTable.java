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
import org.boundarysql.ondemand.OnDemandLayers;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreTokens;
import org.boundarysql.store.TokenLayer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Table {@code boundary.layers}: every layer of every store, stored in a file or computed on
 * demand from the store's model, with its shape, the model value it holds, the rows it has
 * (all items when stored; those in the row cache when on demand) and their bytes on disk; and
 * every tokens table ({@link TokensTable}, kind {@code tokens of LAYER}, or
 * {@code tokens of LAYER (on demand)} whose rows cached are the token rows of items cached),
 * with the hidden shape of a token's row, its token rows and the bytes of its store's token
 * list.
 */
final class LayersTable extends AbstractTable implements ScannableTable {
  private final OpenCatalog open;

  LayersTable(OpenCatalog open) {
    this.open = open;
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return typeFactory.builder()
        .add("store", SqlTypeName.VARCHAR)
        .add("layer", SqlTypeName.VARCHAR)
        .add("kind", SqlTypeName.VARCHAR)
        .add("shape", SqlTypeName.VARCHAR)
        .add("width", SqlTypeName.INTEGER)
        .add("value", SqlTypeName.VARCHAR).nullable(true)
        .add("items", SqlTypeName.INTEGER)
        .add("rows_cached", SqlTypeName.INTEGER)
        .add("bytes", SqlTypeName.BIGINT)
        .build();
  }

  @Override public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (Store store : open.catalog().stores()) {
      int items = store.items().size();
      for (Layer layer : store.layers()) {
        rows.add(row(store, layer.spec(), "stored", items, items, fileBytes(store, layer)));
      }
      OnDemandLayers onDemand = open.onDemand(store);
      if (onDemand != null) {
        for (LayerSpec layer : onDemand.layers()) {
          rows.add(row(store, layer, "on demand", items, onDemand.cachedRows(layer, null),
              onDemand.cachedBytes(layer)));
        }
      }
      store.tokens().ifPresent(tokens -> {
        long bytes = fileBytes(store.directory().resolve(StoreTokens.FILE_NAME));
        for (String name : tokens.layers()) {
          store.layer(name).ifPresent(layer -> rows.add(row(store,
              TokenLayer.specOf(layer.spec(), tokens), "tokens of " + name, items,
              tokens.size(), bytes)));
          if (onDemand != null && store.layer(name).isEmpty()) {
            onDemand.layer(name).ifPresent(layer -> rows.add(row(store,
                TokenLayer.specOf(layer, tokens), "tokens of " + name + " (on demand)", items,
                cachedTokens(onDemand, layer, tokens), bytes)));
          }
        }
      });
    }
    return Linq4j.asEnumerable(rows);
  }

  /** The token rows whose items' rows of an on-demand layer are in the row cache. */
  private static int cachedTokens(OnDemandLayers onDemand, LayerSpec layer,
      StoreTokens tokens) {
    int cached = 0;
    for (int t = 0; t < tokens.size(); ) {
      int item = tokens.row(t);
      int end = t;
      while (end < tokens.size() && tokens.row(end) == item) {
        end++;
      }
      cached += onDemand.cachedRows(layer, new int[] {item}) == 1 ? end - t : 0;
      t = end;
    }
    return cached;
  }

  private static Object[] row(Store store, LayerSpec layer, String kind, int items, int cached,
      long bytes) {
    return new Object[] {store.name(), layer.name(), kind, Arrays.toString(layer.shape()),
        layer.width(), layer.value(), items, cached, bytes};
  }

  private static long fileBytes(Store store, Layer layer) {
    Path npy = store.directory().resolve(layer.name() + ".npy");
    return fileBytes(Files.exists(npy) ? npy : store.directory().resolve(layer.name() + ".csv"));
  }

  private static long fileBytes(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
