/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests that the boundary samplers find the boundary: on two Gaussian blobs split by the
 * hyperplane x₀ = 0, j = 1 picks the items nearest it by brute-force distance |x₀|.
 */
class BoundarySamplersTest {
  private static final LatentSpace BLOBS = SyntheticSpaces.twoBlobs(2000, 5, 1.5, 11);

  @ParameterizedTest
  @EnumSource(value = SamplingMethod.class, names = {"MAXMARGIN", "GMM_FULL", "GMM_SPHERICAL"})
  void nearestToBoundaryAtJOne(SamplingMethod method) {
    int[] sample = new SampleSpec(method, 0.1, 1, 3).select(BLOBS, ProgressListener.NONE);
    assertEquals(200, sample.length);
    int[] nearest = IntStream.range(0, BLOBS.size()).boxed()
        .sorted(Comparator.comparingDouble(i -> Math.abs(BLOBS.points()[i][0])))
        .limit(200).mapToInt(Integer::intValue).sorted().toArray();
    long overlap = Arrays.stream(sample).filter(i -> Arrays.binarySearch(nearest, i) >= 0)
        .count();
    // The fitted boundary is an estimate of x₀ = 0 from 2,000 items in 5 dimensions.
    assertTrue(overlap >= 150, method + " overlap " + overlap + " of 200");
  }

  @ParameterizedTest
  @EnumSource(value = SamplingMethod.class, names = {"MAXMARGIN", "GMM_FULL", "GMM_SPHERICAL"})
  void farFromBoundaryAtJZero(SamplingMethod method) {
    int[] sample = new SampleSpec(method, 0.1, 0, 3).select(BLOBS, ProgressListener.NONE);
    double[] distances = Arrays.stream(BLOBS.points()).mapToDouble(p -> Math.abs(p[0]))
        .sorted().toArray();
    double median = distances[distances.length / 2];
    long far = Arrays.stream(sample).filter(i -> Math.abs(BLOBS.points()[i][0]) > median)
        .count();
    assertTrue(far >= 180, method + ": " + far + " of 200 beyond the median distance");
  }

  @ParameterizedTest
  @EnumSource(value = SamplingMethod.class, names = {"MAXMARGIN", "GMM_FULL", "GMM_SPHERICAL"})
  void groupsFollowTheBlobs(SamplingMethod method) {
    BoundaryScores scores =
        ((BoundarySampler) method.sampler()).score(BLOBS, 3, ProgressListener.NONE);
    int agree = 0;
    for (int i = 0; i < BLOBS.size(); i++) {
      agree += scores.group(i) == BLOBS.prediction(i) ? 1 : 0;
    }
    // Clusters are unlabelled: either naming of the two groups is a fit.
    int best = Math.max(agree, BLOBS.size() - agree);
    assertTrue(best >= 0.95 * BLOBS.size(), method + " agrees on " + best);
  }
}
