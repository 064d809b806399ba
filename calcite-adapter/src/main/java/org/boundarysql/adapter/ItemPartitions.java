/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.store.Items;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

/**
 * The rows of a table partitioned by (split, label, correct), the columns diagnosis queries
 * filter on. A filter that fixes all three reads one partition's rows and tests nothing; one
 * that fixes some reads the row keys, one int per row, instead of the columns.
 */
final class ItemPartitions {
  private final List<String> splits;
  private final int classes;
  private final int @Nullable [] domain;
  private final int[] keys;
  private final int[][] rows;

  ItemPartitions(Store store, int @Nullable [] domain) {
    Items items = store.items();
    this.splits = items.splitNames();
    this.classes = store.manifest().classes().size();
    this.domain = domain;
    int n = domain == null ? items.size() : domain.length;
    keys = new int[n];
    int[] counts = new int[splits.size() * classes * 2];
    for (int i = 0; i < n; i++) {
      int row = domain == null ? i : domain[i];
      keys[i] = (items.splitCode(row) * classes + items.label(row)) * 2
          + (items.correct(row) ? 1 : 0);
      counts[keys[i]]++;
    }
    rows = new int[splits.size() * classes * 2][];
    for (int key = 0; key < rows.length; key++) {
      rows[key] = new int[counts[key]];
    }
    int[] filled = new int[rows.length];
    for (int i = 0; i < n; i++) {
      rows[keys[i]][filled[keys[i]]++] = domain == null ? i : domain[i];
    }
  }

  /** The rows of the partitions whose split, label and correct pass the filter, ascending. */
  int[] rows(ItemFilter filter) {
    boolean[] chosen = new boolean[rows.length];
    int keyCount = 0;
    int last = -1;
    int total = 0;
    for (int key = 0; key < rows.length; key++) {
      if (rows[key].length > 0 && filter.passes(splits.get(key / 2 / classes),
          key / 2 % classes, key % 2 == 1)) {
        chosen[key] = true;
        keyCount++;
        last = key;
        total += rows[key].length;
      }
    }
    if (keyCount <= 1) {
      return keyCount == 0 ? new int[0] : rows[last];
    }
    int[] result = new int[total];
    int k = 0;
    for (int i = 0; i < keys.length; i++) {
      if (chosen[keys[i]]) {
        result[k++] = domain == null ? i : domain[i];
      }
    }
    return result;
  }
}
