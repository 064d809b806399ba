/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests the selection rules of the baseline samplers. Expected counts are worked out by hand in
 * the comments (largest-remainder arithmetic on literal group sizes), never by {@link
 * Allocation}.
 */
class BaselineSamplersTest {
  /**
   * Items of {@code classes} classes, {@code cells[label][predicted]} of each confusion-matrix
   * cell, in cell order; each item lies near the centre of its predicted class (centres on a
   * circle of radius 4), so the model's boundaries are where its predictions change.
   */
  private static LatentSpace cells(int[][] cells) {
    int classes = cells.length;
    int n = 0;
    for (int[] row : cells) {
      for (int size : row) {
        n += size;
      }
    }
    java.util.Random random = new java.util.Random(17);
    double[][] points = new double[n][2];
    int[] labels = new int[n];
    int[] predictions = new int[n];
    int item = 0;
    for (int label = 0; label < classes; label++) {
      for (int predicted = 0; predicted < classes; predicted++) {
        for (int k = 0; k < cells[label][predicted]; k++, item++) {
          double angle = 2 * Math.PI * predicted / classes;
          points[item][0] = 4 * Math.cos(angle) + random.nextGaussian();
          points[item][1] = 4 * Math.sin(angle) + random.nextGaussian();
          labels[item] = label;
          predictions[item] = predicted;
        }
      }
    }
    return new LatentSpace(points, labels, predictions, classes);
  }

  /** Sampled items per confusion-matrix cell, indexed label · classes + predicted. */
  private static int[] perCell(LatentSpace space, int[] sample) {
    int[] counts = new int[space.classCount() * space.classCount()];
    for (int i : sample) {
      counts[space.label(i) * space.classCount() + space.prediction(i)]++;
    }
    return counts;
  }

  /**
   * Sampled items per stratum of the error-weighted design: 2 · label for correct items,
   * 2 · label + 1 for misclassified ones.
   */
  private static int[] perStratum(LatentSpace space, int[] sample) {
    int[] counts = new int[2 * space.classCount()];
    for (int i : sample) {
      counts[2 * space.label(i) + (space.correct(i) ? 0 : 1)]++;
    }
    return counts;
  }

  /**
   * Every confusion-matrix cell gets its largest-remainder share of 10% of 200 items = 20.
   *
   * <pre>
   * cell (label, predicted)  (0,0) (0,1) (0,2) (1,0) (1,1) (1,2) (2,0) (2,1) (2,2)
   * size                       57     6     2     3    64     0     5    15    48
   * 0.1 · size                5.7   0.6   0.2   0.3   6.4     0   0.5   1.5   4.8
   * floor                       5     0     0     0     6     0     0     1     4   = 16
   * the 4 left go to the largest remainders .8 (2,2), .7 (0,0), .6 (0,1) and, of the tie .5
   * between (2,0) and (2,1), to the larger cell (2,1):
   * expected                    6     1     0     0     6     0     0     2     5   = 20
   * </pre>
   */
  @Test void stratifiedByConfusionMatrix() {
    LatentSpace space = cells(new int[][] {{57, 6, 2}, {3, 64, 0}, {5, 15, 48}});
    int[] expected = {6, 1, 0, 0, 6, 0, 0, 2, 5};
    for (long seed : new long[] {1, 2, 3}) {
      int[] sample = new SampleSpec(SamplingMethod.STRATIFIED, 0.1, 0.7, seed)
          .select(space, ProgressListener.NONE);
      assertEquals(20, sample.length);
      assertArrayEquals(expected, perCell(space, sample), "seed " + seed);
    }
  }

  /**
   * Three classes, 100 items, 20% = 20 items.
   *
   * <pre>
   * class                       0            1            2
   * correct + misclassified   40 + 6       30 + 1        1 + 22
   * 0.2 · size                 9.2          6.2          4.6     floors 9 + 6 + 4 = 19,
   * the last item to the largest remainder (.6, class 2):  t = 9, 6, 5
   * misclassified: ⌈t/2⌉ = 5, 3, 3, but class 1 has only 1: 5, 1, 3; the rest from the
   * correct items: 4, 5, 2, but class 2 has only 1 correct item, so its misclassified side
   * takes the difference: correct 4, 5, 1 and misclassified 5, 1, 4.
   * </pre>
   */
  private static final int[][] WEIGHTED_CELLS = {{40, 6, 0}, {0, 30, 1}, {22, 0, 1}};
  /** The strata counts worked out above: correct 0, misclassified 0, correct 1, … */
  private static final int[] WEIGHTED_STRATA = {4, 5, 5, 1, 1, 4};

  /** Half of each class's picks are misclassified while there are enough of them. */
  @Test void stratifiedWeighted() {
    LatentSpace space = cells(WEIGHTED_CELLS);
    for (long seed : new long[] {1, 2, 3}) {
      int[] sample = new SampleSpec(SamplingMethod.STRATIFIED_WEIGHTED, 0.2, 0.7, seed)
          .select(space, ProgressListener.NONE);
      assertEquals(20, sample.length);
      assertArrayEquals(WEIGHTED_STRATA, perStratum(space, sample), "seed " + seed);
    }
  }

  /** The boundary-stratified design has the same hand-computed counts per stratum. */
  @Test void boundaryStratifiedKeepsWeightedStrata() {
    LatentSpace space = cells(WEIGHTED_CELLS);
    for (long seed : new long[] {1, 2, 3}) {
      int[] sample = new SampleSpec(SamplingMethod.BOUNDARY_STRATIFIED, 0.2, 0.7, seed)
          .select(space, ProgressListener.NONE);
      assertEquals(20, sample.length);
      assertArrayEquals(WEIGHTED_STRATA, perStratum(space, sample), "seed " + seed);
    }
  }

  /**
   * Each sampled item's inclusion probability is its cell's count over its size, from the
   * table of {@link #stratifiedByConfusionMatrix}: (0,0) 6/57, (0,1) 1/6, (1,1) 6/64,
   * (2,1) 2/15, (2,2) 5/48; uniform: 20 of 200 items, 1/10 each, one stratum.
   */
  @Test void probabilitiesOfStratifiedAndUniform() {
    LatentSpace space = cells(new int[][] {{57, 6, 2}, {3, 64, 0}, {5, 15, 48}});
    double[][] expected = {{6 / 57.0, 1 / 6.0, 0}, {0, 6 / 64.0, 0}, {0, 2 / 15.0, 5 / 48.0}};
    Draw draw = new SampleSpec(SamplingMethod.STRATIFIED, 0.1, 0.7, 4)
        .draw(space, ProgressListener.NONE);
    for (int i = 0; i < draw.rows().length; i++) {
      int row = draw.rows()[i];
      assertEquals(expected[space.label(row)][space.prediction(row)], draw.probabilities()[i],
          1e-15, "row " + row);
    }
    assertEquals(5, draw.strataCount());
    Draw uniform = new SampleSpec(SamplingMethod.UNIFORM, 0.1, 0.7, 4)
        .draw(space, ProgressListener.NONE);
    assertEquals(20, uniform.rows().length);
    assertEquals(1, uniform.strataCount());
    for (double p : uniform.probabilities()) {
      assertEquals(0.1, p, 1e-15);
    }
  }

  /**
   * The error-weighted designs' probabilities from the table of {@link #stratifiedWeighted}:
   * class 0 correct 4/40, misclassified 5/6; class 1 correct 5/30, misclassified 1/1; class 2
   * correct 1/1, misclassified 4/22. The systematic draw of {@code boundary_stratified} gives
   * every item of a stratum the same chance, so the same probabilities.
   */
  @Test void probabilitiesOfErrorWeightedStrata() {
    LatentSpace space = cells(WEIGHTED_CELLS);
    double[][] expected = {{4 / 40.0, 5 / 6.0}, {5 / 30.0, 1.0}, {1.0, 4 / 22.0}};
    for (SamplingMethod method : new SamplingMethod[] {SamplingMethod.STRATIFIED_WEIGHTED,
        SamplingMethod.BOUNDARY_STRATIFIED}) {
      Draw draw = new SampleSpec(method, 0.2, 0.7, 9).draw(space, ProgressListener.NONE);
      assertArrayEquals(new SampleSpec(method, 0.2, 0.7, 9).select(space,
          ProgressListener.NONE), draw.rows(), method + ": draw and select agree");
      for (int i = 0; i < draw.rows().length; i++) {
        int row = draw.rows()[i];
        assertEquals(expected[space.label(row)][space.correct(row) ? 0 : 1],
            draw.probabilities()[i], 1e-15, method + " row " + row);
      }
    }
  }

  /** The boundary rankings and the mixtures keep no probabilities. */
  @Test void rankingsHaveNoProbabilities() {
    LatentSpace space = cells(WEIGHTED_CELLS);
    for (SamplingMethod method : new SamplingMethod[] {SamplingMethod.MAXMARGIN,
        SamplingMethod.GMM_SPHERICAL, SamplingMethod.VAS, SamplingMethod.WEIGHTED}) {
      assertFalse(new SampleSpec(method, 0.2, 0.7, 9).draw(space, ProgressListener.NONE)
          .hasProbabilities(), method.methodName());
    }
  }

  /**
   * Points 0, 1, 2, 3 on a line labelled A, A, B, B: item 1 ends at the root (same label), item
   * 2 becomes the root's child, item 3 ends at item 2 (same label).
   */
  @Test void boundaryTreeByHand() {
    LatentSpace line = new LatentSpace(new double[][] {{0}, {1}, {2}, {3}},
        new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 1}, 2);
    assertArrayEquals(new int[] {0, 2}, new BoundaryTreeSampler()
        .select(line, SampleSpec.of(SamplingMethod.EBTREE, 0.5), ProgressListener.NONE));
  }

  /** With one child per node, a full node passes queries on to its child. */
  @Test void boundaryTreeFullNode() {
    LatentSpace line = new LatentSpace(new double[][] {{0}, {10}, {-1}},
        new int[] {0, 1, 1}, new int[] {0, 1, 1}, 2);
    // Item 2 is nearest the root, but the root is full: it descends to item 1, label B, same.
    assertArrayEquals(new int[] {0, 1}, new BoundaryTreeSampler(1)
        .select(line, SampleSpec.of(SamplingMethod.EBTREE, 0.5), ProgressListener.NONE));
    assertThrows(IllegalArgumentException.class, () -> new BoundaryTreeSampler(0));
  }

  /** A dense cluster and a sparse halo: VAS takes the halo more often than uniform. */
  @Test void vasSpreadsOut() {
    int n = 1000;
    double[][] points = new double[n][2];
    java.util.Random random = new java.util.Random(4);
    for (int i = 0; i < n; i++) {
      double scale = i < 900 ? 0.1 : 3;
      points[i][0] = scale * random.nextGaussian();
      points[i][1] = scale * random.nextGaussian();
    }
    LatentSpace space = new LatentSpace(points, new int[n], new int[n], 1);
    int[] sample = new SampleSpec(SamplingMethod.VAS, 0.05, 0.7, 1)
        .select(space, ProgressListener.NONE);
    long halo = Arrays.stream(sample).filter(i -> i >= 900).count();
    // Uniform would take about 5 of the 100 halo items.
    assertTrue(halo >= 25, "halo items: " + halo);
  }

  /**
   * Weighting by 1/ratio favours items near the boundary x₀ = 0: the sample's mean distance
   * |x₀| is well below the mean over all items, which is what a uniform sample estimates.
   */
  @Test void weightedFavoursBoundary() {
    LatentSpace blobs = SyntheticSpaces.twoBlobs(2000, 5, 1.5, 11);
    int[] sample = new SampleSpec(SamplingMethod.WEIGHTED, 0.1, 0.7, 1)
        .select(blobs, ProgressListener.NONE);
    assertEquals(200, sample.length);
    double all = 0;
    for (double[] point : blobs.points()) {
      all += Math.abs(point[0]);
    }
    all /= blobs.size();
    double weighted = meanDistance(blobs, sample);
    assertTrue(weighted < 0.7 * all, weighted + " vs all items " + all);
  }

  private static double meanDistance(LatentSpace space, int[] sample) {
    return Arrays.stream(sample).mapToDouble(i -> Math.abs(space.points()[i][0])).average()
        .orElseThrow();
  }
}
