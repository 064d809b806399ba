/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.Cancellation;
import org.boundarysql.task.ProgressListener;

import smile.feature.extraction.PCA;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Simple latent-space grid sampler: the latent vectors projected on their first
 * {@value #DIMENSIONS} principal components, each component split at its median into two bins
 * (2⁵ = 32 cells), and {@link Allocation#equal equal} counts drawn uniformly from every cell,
 * for a total of exactly {@link Allocation#sampleSize} items. The one baseline that is not
 * proportional to the cells' sizes.
 */
public final class LatentGridSampler implements Sampler {
  private static final int DIMENSIONS = 5;

  @Override public int[] select(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    int[] cells = cells(space, progress);
    Strata strata = Strata.of(cells, 1 << DIMENSIONS);
    int size = Allocation.sampleSize(space.size(), spec.fraction());
    int[] counts = Allocation.equal(strata.sizes(), size);
    SplittableRandom random = new SplittableRandom(spec.seed());
    Selection selection = new Selection(size);
    for (int s = 0; s < strata.count(); s++) {
      selection.addRandom(strata.members(s), counts[s], random);
    }
    return selection.toSortedArray();
  }

  /** Returns each item's cell: bit b set when principal component b is above its median. */
  private static int[] cells(LatentSpace space, ProgressListener progress) {
    int n = space.size();
    int[] cells = new int[n];
    int dims = Math.min(DIMENSIONS, space.dimension());
    if (n < 2 || dims == 0) {
      return cells;
    }
    progress.update("pca", 0, 1);
    double[][] points = space.points();
    double[][] projected = PCA.fit(points).getProjection(dims).apply(points);
    progress.update("pca", 1, 1);
    Cancellation.checkCurrent();
    double[] column = new double[n];
    for (int b = 0; b < dims; b++) {
      for (int i = 0; i < n; i++) {
        column[i] = projected[i][b];
      }
      Arrays.sort(column);
      double median = (column[(n - 1) / 2] + column[n / 2]) / 2;
      for (int i = 0; i < n; i++) {
        if (projected[i][b] > median) {
          cells[i] |= 1 << b;
        }
      }
    }
    return cells;
  }
}
