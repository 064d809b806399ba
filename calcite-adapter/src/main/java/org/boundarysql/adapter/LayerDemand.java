/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The on-demand layers of one store that one statement reads: every scan of such a layer (or of
 * its tokens table) in the statement's plan names its layer here while the plan is implemented,
 * so that the first scan to run computes all of them for its rows in one run of the model, and
 * the others find their rows cached. Kept with the plan (a cached plan keeps its demand).
 */
public final class LayerDemand {
  /** The demands of the plans being implemented, by store directory. */
  private static final Map<EnumerableRelImplementor, Map<String, LayerDemand>> PLANS =
      new WeakHashMap<>();

  private final List<LayerSpec> layers = new CopyOnWriteArrayList<>();

  private LayerDemand() {
  }

  /**
   * The demand of the plan {@code implementor} implements on the store of {@code table},
   * with the table's layer added; null if the table's activations are not computed on demand
   * or the scan does not read them.
   */
  static @Nullable LayerDemand of(EnumerableRelImplementor implementor, StoreTable table,
      boolean readsActivations) {
    if (!readsActivations || !(table instanceof LayerTable layer) || !layer.isOnDemand()) {
      return null;
    }
    return of(implementor, table.store, layer.spec());
  }

  /**
   * The demand of the plan {@code implementor} implements on {@code store}, with on-demand
   * layer {@code layer} added (a layer table's, or a tokens table's).
   */
  static LayerDemand of(EnumerableRelImplementor implementor, Store store, LayerSpec layer) {
    LayerDemand demand;
    synchronized (PLANS) {
      demand = PLANS.computeIfAbsent(implementor, i -> new HashMap<>())
          .computeIfAbsent(store.directory().toString(), d -> new LayerDemand());
    }
    if (!demand.layers.contains(layer)) {
      demand.layers.add(layer);
    }
    return demand;
  }

  /** The layers demanded. */
  List<LayerSpec> layers() {
    return layers;
  }

  @Override public String toString() {
    return "demand" + layers;
  }
}
