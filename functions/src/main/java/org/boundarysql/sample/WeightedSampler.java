/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Weighted sampler: {@link Allocation#sampleSize} items drawn without replacement with
 * probability proportional to 1 / ratio, the ratio P(A|x) / P(¬A|x) of the {@link
 * MaxMarginSampler}'s model clamped to [e⁻⁷, e⁷] so that neither a few boundary items nor the
 * vanishing weights of exemplars dominate the draw (Efraimidis–Spirakis keys).
 */
public final class WeightedSampler implements Sampler {
  private static final double LOG_RATIO_CAP = 7;

  @Override public int[] select(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    BoundaryScores scores = new MaxMarginSampler().score(space, spec.seed(), progress);
    SplittableRandom random = new SplittableRandom(spec.seed());
    int n = space.size();
    double[] keys = new double[n];
    for (int i = 0; i < n; i++) {
      double logRatio = Math.max(-LOG_RATIO_CAP, Math.min(LOG_RATIO_CAP, scores.logRatio(i)));
      // u^(1/w) ranks like log(u) / w = log(u) · ratio; the largest keys are the draw.
      keys[i] = Math.log(1 - random.nextDouble()) * Math.exp(logRatio);
    }
    int size = Allocation.sampleSize(n, spec.fraction());
    int[] ranked = IntStream.range(0, n).toArray();
    Ranking.sort(ranked, i -> -keys[i]);
    int[] sample = Arrays.copyOf(ranked, size);
    Arrays.sort(sample);
    return sample;
  }
}
