/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import java.util.SplittableRandom;

/**
 * Boundary-stratified sampler, beyond the paper: the {@link ErrorWeightedStrata} design (half of
 * each class's picks from its misclassified items), with each stratum's picks spread evenly
 * along the {@link MaxMarginSampler}'s ranking by likelihood ratio: systematic sampling from a
 * seeded random start.
 *
 * <p>MaxMargin's two ends over-represent the boundary and the exemplars within every
 * (class, correct/incorrect) combination, which biases the combination's averages (S2); a
 * systematic draw along the ranking keeps every distance from the boundary in proportion,
 * reducing the variance of averages without that bias, while the strata guarantee the rare
 * misclassified combinations their items.
 *
 * <p>A probability design: a systematic draw of t of a stratum's N items from a uniform start in
 * [0, N/t) picks every item with chance t/N, which the sample keeps (its variance has no unbiased
 * estimate; estimators treat the stratum as a simple random sample).
 */
public final class BoundaryStratifiedSampler extends ProbabilitySampler {
  @Override public Draw draw(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    BoundaryScores scores = new MaxMarginSampler().score(space, spec.seed(), progress);
    ErrorWeightedStrata strata = ErrorWeightedStrata.of(space, spec.fraction());
    SplittableRandom random = new SplittableRandom(spec.seed());
    Selection selection = new Selection(Allocation.sampleSize(space.size(), spec.fraction()));
    for (int s = 0; s < strata.count(); s++) {
      int[] ranked = strata.members(s).clone();
      Ranking.sort(ranked, scores::logRatio);
      int count = strata.sampleCount(s);
      if (count == 0) {
        continue;
      }
      // Every step-th item from a random start in [0, step): step ≥ 1, so no item twice.
      double step = (double) ranked.length / count;
      double start = random.nextDouble() * step;
      for (int r = 0; r < count; r++) {
        selection.add(ranked[(int) (start + r * step)], s, 1 / step);
      }
    }
    return selection.toDraw();
  }
}
