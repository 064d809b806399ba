package org.boundarysql.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tests the selection rules of the baseline samplers. */
class BaselineSamplersTest {
  private static final LatentSpace SPACE = SyntheticSpaces.classes(1000, 4, 3, 100, 2);

  /** Every confusion-matrix cell gets its proportional count. */
  @Test void stratifiedByConfusionMatrix() {
    int[] sample = new SampleSpec(SamplingMethod.STRATIFIED, 0.2, 0.7, 1)
        .select(SPACE, ProgressListener.NONE);
    int[] cellSizes = new int[16];
    int[] sampled = new int[16];
    for (int i = 0; i < SPACE.size(); i++) {
      cellSizes[SPACE.label(i) * 4 + SPACE.prediction(i)]++;
    }
    for (int i : sample) {
      sampled[SPACE.label(i) * 4 + SPACE.prediction(i)]++;
    }
    assertArrayEquals(Allocation.proportional(cellSizes, 0.2), sampled);
  }

  /** Half of each class's picks are misclassified while there are enough of them. */
  @Test void stratifiedWeighted() {
    int[] sample = new SampleSpec(SamplingMethod.STRATIFIED_WEIGHTED, 0.2, 0.7, 1)
        .select(SPACE, ProgressListener.NONE);
    int[] classSizes = new int[4];
    int[] wrongSizes = new int[4];
    for (int i = 0; i < SPACE.size(); i++) {
      classSizes[SPACE.label(i)]++;
      wrongSizes[SPACE.label(i)] += SPACE.correct(i) ? 0 : 1;
    }
    int[] counts = Allocation.proportional(classSizes, 0.2);
    int[] wrong = new int[4];
    for (int i : sample) {
      wrong[SPACE.label(i)] += SPACE.correct(i) ? 0 : 1;
    }
    for (int c = 0; c < 4; c++) {
      assertEquals(Math.min(wrongSizes[c], (counts[c] + 1) / 2), wrong[c], "class " + c);
    }
  }

  /** The boundary-stratified design has the stratified-weighted counts per stratum. */
  @Test void boundaryStratifiedKeepsWeightedStrata() {
    int[] weighted = new SampleSpec(SamplingMethod.STRATIFIED_WEIGHTED, 0.2, 0.7, 1)
        .select(SPACE, ProgressListener.NONE);
    int[] boundary = new SampleSpec(SamplingMethod.BOUNDARY_STRATIFIED, 0.2, 0.7, 1)
        .select(SPACE, ProgressListener.NONE);
    assertArrayEquals(strataCounts(weighted), strataCounts(boundary));
  }

  private static int[] strataCounts(int[] sample) {
    int[] counts = new int[8];
    for (int i : sample) {
      counts[2 * SPACE.label(i) + (SPACE.correct(i) ? 0 : 1)]++;
    }
    return counts;
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

  /** Weighting by 1/ratio favours items near the boundary, more than uniform does. */
  @Test void weightedFavoursBoundary() {
    LatentSpace blobs = SyntheticSpaces.twoBlobs(2000, 5, 1.5, 11);
    double weighted = meanDistance(blobs, new SampleSpec(SamplingMethod.WEIGHTED, 0.1, 0.7, 1)
        .select(blobs, ProgressListener.NONE));
    double uniform = meanDistance(blobs, new SampleSpec(SamplingMethod.UNIFORM, 0.1, 0.7, 1)
        .select(blobs, ProgressListener.NONE));
    assertTrue(weighted < 0.7 * uniform, weighted + " vs uniform " + uniform);
  }

  private static double meanDistance(LatentSpace space, int[] sample) {
    return Arrays.stream(sample).mapToDouble(i -> Math.abs(space.points()[i][0])).average()
        .orElseThrow();
  }
}
