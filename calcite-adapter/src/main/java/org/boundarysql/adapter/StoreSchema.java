/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.boundarysql.ondemand.OnDemandLayers;
import org.boundarysql.sample.cache.SampleCache;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;
import java.util.Map;

/**
 * Schema of one activation store: table {@code items}, one table per layer (stored or computed
 * on demand), named as in {@code store.json}, a table {@code LAYER_tokens} per layer of a row
 * per token (see {@link TokensTable}), and the sample macro behind
 * {@code TABLESAMPLE BOUNDARY}.
 */
public final class StoreSchema extends AbstractSchema implements PlanScope {
  /** Name of the table of items. */
  public static final String ITEMS = "items";

  private final Store store;
  private final SampleCache samples;
  private final double sampleBudgetSeconds;
  private final Map<String, Table> tables;
  private final Multimap<String, Function> functions;

  /**
   * The schema of a store; {@code onDemand} computes its on-demand layers (null if it has
   * none), within the same budget as samples.
   */
  StoreSchema(Store store, SampleCache samples, double sampleBudgetSeconds,
      @Nullable OnDemandLayers onDemand) {
    this.store = store;
    this.samples = samples;
    this.sampleBudgetSeconds = sampleBudgetSeconds;
    ImmutableMap.Builder<String, Table> builder = ImmutableMap.builder();
    builder.put(ITEMS, new ItemsTable(store, null));
    for (Layer layer : store.layers()) {
      if (!layer.name().equalsIgnoreCase(ITEMS)) {
        builder.put(layer.name(), new LayerTable(store, layer, null));
      }
    }
    store.tokens().ifPresent(tokens -> {
      for (String name : tokens.layers()) {
        store.layer(name).ifPresent(layer -> builder.put(layer.name() + TokensTable.SUFFIX,
            new TokensTable(store, layer, tokens, null)));
        if (onDemand != null && store.layer(name).isEmpty()) {
          onDemand.layer(name).ifPresent(layer -> builder.put(layer.name()
              + TokensTable.SUFFIX, new TokensTable(store, layer, onDemand,
                  sampleBudgetSeconds, tokens)));
        }
      }
    });
    if (onDemand != null) {
      for (LayerSpec layer : onDemand.layers()) {
        if (!layer.name().equalsIgnoreCase(ITEMS)) {
          builder.put(layer.name(), new LayerTable(store, layer, onDemand, sampleBudgetSeconds,
              null));
        }
      }
    }
    this.tables = builder.build();
    this.functions = ImmutableMultimap.of(BoundarySampleMacro.NAME,
        new BoundarySampleMacro(this, samples, sampleBudgetSeconds));
  }

  /** The store (another object once its files change), its sample cache and budget. */
  @Override public Object planIdentity() {
    return List.of(store, samples, sampleBudgetSeconds);
  }

  public Store store() {
    return store;
  }

  /** The table of items with this name, ignoring case, or null. */
  public StoreTable table(String name) {
    for (Map.Entry<String, Table> entry : tables.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name) && entry.getValue() instanceof StoreTable) {
        return (StoreTable) entry.getValue();
      }
    }
    return null;
  }

  /** The table with this name that a sample restricts, ignoring case, or null. */
  SampleableTable sampleable(String name) {
    for (Map.Entry<String, Table> entry : tables.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name) && entry.getValue() instanceof SampleableTable t) {
        return t;
      }
    }
    return null;
  }

  @Override protected Map<String, Table> getTableMap() {
    return tables;
  }

  @Override protected Multimap<String, Function> getFunctionMultimap() {
    return functions;
  }
}
