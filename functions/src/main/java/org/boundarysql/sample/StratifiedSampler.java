/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import java.util.SplittableRandom;

/**
 * Stratified-by-confusion-matrix sampler: one stratum per (true label, predicted label) cell,
 * {@link Allocation#proportional proportional} counts drawn uniformly within each cell.
 */
public final class StratifiedSampler extends ProbabilitySampler {
  @Override public Draw draw(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    int classes = space.classCount();
    int[] cells = new int[space.size()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = space.label(i) * classes + space.prediction(i);
    }
    Strata strata = Strata.of(cells, classes * classes);
    int[] counts = Allocation.proportional(strata.sizes(), spec.fraction());
    SplittableRandom random = new SplittableRandom(spec.seed());
    Selection selection = new Selection(Allocation.sampleSize(space.size(), spec.fraction()));
    for (int s = 0; s < strata.count(); s++) {
      selection.addStratum(s, strata.members(s), counts[s], random);
    }
    return selection.toDraw();
  }
}
