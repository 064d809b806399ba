/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.adapter.function.ScanEstimates;
import org.boundarysql.store.Store;
import org.boundarysql.task.KeptResults;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The populations of the groups of a sample's estimates computed in the scan
 * ({@link ScanEstimates}): the rows of the whole table that pass the query's filter, grouped by
 * its keys, kept for the next run. They depend only on the store's items, the filter and the
 * keys, not on the sample or the layer, so a query run again, or another layer's or sample's
 * of the same groups, finds them (and the moments of their auxiliaries, kept with them).
 *
 * <p>A population is known by its store (by identity: a store opened again is another), filter
 * and keys; at most {@value #KEPT_ROWS} row numbers are kept in all, the least recently used
 * dropped first.
 */
final class SamplePopulations {
  /** The most row numbers the kept populations hold together (4 bytes each). */
  static final long KEPT_ROWS = 8 << 20;

  /** What decides a population's groups. */
  private record Key(Store store, ItemFilter filter, List<ItemColumn> keys) {
    @Override public boolean equals(Object o) {
      return o instanceof Key k && k.store == store && k.filter.equals(filter)
          && k.keys.equals(keys);
    }

    @Override public int hashCode() {
      return 31 * (31 * System.identityHashCode(store) + filter.hashCode()) + keys.hashCode();
    }
  }

  private static final KeptResults<Key, Map<List<Object>, ScanEstimates.Population>> KEPT =
      new KeptResults<>(KEPT_ROWS, (key, groups) -> groups.values().stream()
          .mapToLong(ScanEstimates.Population::size).sum() + groups.size());

  private SamplePopulations() {
  }

  /** The population of each group of {@code whole}'s rows passing a filter, by its keys. */
  static Map<List<Object>, ScanEstimates.Population> of(StoreTable whole, ItemFilter filter,
      ItemColumn[] keys) {
    return KEPT.get(new Key(whole.store, filter, List.of(keys)), () -> {
      ItemGroups groups = ItemGroups.of(whole.store.items(), whole.rowsPassing(filter), keys);
      int[][] rows = groups.rowsByGroup();
      Map<List<Object>, ScanEstimates.Population> populations = new HashMap<>();
      for (int g = 0; g < groups.size(); g++) {
        populations.put(keyValues(groups, g, keys), new ScanEstimates.Population(rows[g]));
      }
      return populations;
    });
  }

  /** The keys' values of group {@code g}, as {@link #of} knows the groups by. */
  static List<Object> keyValues(ItemGroups groups, int g, ItemColumn[] keys) {
    Object[] values = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = groups.key(g, keys[i]);
    }
    return Arrays.asList(values);
  }
}
