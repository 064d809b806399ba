/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample.cache;

import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.store.Store;

/**
 * A sample of a store: the draw of a spec (the rows of the items it picks, ascending, the ids
 * being {@code store.items().id(row)}, with their strata and inclusion probabilities if the
 * design knows them), how many of them the model classifies correctly and incorrectly, the
 * milliseconds its computation took and whether it was read from disk.
 */
public record Sample(String store, SampleSpec spec, Draw draw, int correct, int incorrect,
    long creationMillis, boolean fromDisk) {
  /** The sample of a draw of a store, with its correct and incorrect items counted. */
  static Sample of(Store store, SampleSpec spec, Draw draw, long creationMillis,
      boolean fromDisk) {
    int correct = 0;
    for (int row : draw.rows()) {
      correct += store.items().correct(row) ? 1 : 0;
    }
    return new Sample(store.name(), spec, draw, correct, draw.rows().length - correct,
        creationMillis, fromDisk);
  }

  /** The sampled rows, ascending. */
  public int[] rows() {
    return draw.rows();
  }
}
