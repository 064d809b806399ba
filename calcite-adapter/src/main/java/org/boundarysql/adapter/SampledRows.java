/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.cache.Sample;

/**
 * The rows of a store chosen by a sample, in ascending order with their strata and inclusion
 * probabilities if the design knows them (the draw), a description of how they were chosen, as
 * shown by EXPLAIN, and the spec that chose them.
 */
public record SampledRows(String description, Draw draw, SampleSpec spec) {
  /** The rows of a sample, described by its spec. */
  static SampledRows of(Sample sample) {
    return new SampledRows(sample.spec().describe(), sample.draw(), sample.spec());
  }

  /** The sampled rows, ascending. */
  public int[] rows() {
    return draw.rows();
  }

  @Override public String toString() {
    return description + " size=" + rows().length;
  }
}
