/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import java.util.SplittableRandom;

/**
 * Stratified-weighted sampler: the {@link ErrorWeightedStrata} design, half of each class's
 * picks from its misclassified items, drawn uniformly within each stratum.
 */
public final class StratifiedWeightedSampler extends ProbabilitySampler {
  @Override public Draw draw(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    ErrorWeightedStrata strata = ErrorWeightedStrata.of(space, spec.fraction());
    SplittableRandom random = new SplittableRandom(spec.seed());
    Selection selection = new Selection(Allocation.sampleSize(space.size(), spec.fraction()));
    for (int s = 0; s < strata.count(); s++) {
      selection.addStratum(s, strata.members(s), strata.sampleCount(s), random);
    }
    return selection.toDraw();
  }
}
