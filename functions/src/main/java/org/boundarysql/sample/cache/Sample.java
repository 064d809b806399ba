/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample.cache;

import org.boundarysql.sample.SampleSpec;
import org.boundarysql.store.Store;

/**
 * A sample of a store: the rows of the items a spec picks, ascending (the ids are
 * {@code store.items().id(row)}), how many of them the model classifies correctly and
 * incorrectly, the milliseconds its computation took and whether it was read from disk.
 */
public record Sample(String store, SampleSpec spec, int[] rows, int correct, int incorrect,
    long creationMillis, boolean fromDisk) {
  /** The sample of some rows of a store, with their correct and incorrect items counted. */
  static Sample of(Store store, SampleSpec spec, int[] rows, long creationMillis,
      boolean fromDisk) {
    int correct = 0;
    for (int row : rows) {
      correct += store.items().correct(row) ? 1 : 0;
    }
    return new Sample(store.name(), spec, rows, correct, rows.length - correct, creationMillis,
        fromDisk);
  }
}
