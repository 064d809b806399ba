/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests what every sampler promises: sorted distinct indices, exact sizes, the same sample for
 * the same seed, and degenerate groups.
 */
class SamplerContractTest {
  /** Three classes, the last with a single item. */
  private static final LatentSpace SPACE = SyntheticSpaces.classes(601, 3, 4, 1, 5);

  /**
   * The methods whose sample does not depend on the seed, as README.md documents them
   * ("{@code maxmargin} and {@code ebtree} are deterministic and ignore it").
   */
  private static final Set<String> DETERMINISTIC = Set.of("maxmargin", "ebtree");
  /** Every other method of README's method table: REPEATABLE(seed) changes its sample. */
  private static final Set<String> RANDOM = Set.of("gmm_full", "gmm_spherical", "uniform",
      "stratified", "stratified_weighted", "latent_grid", "vas", "weighted",
      "boundary_stratified", "margin_stratified");

  /**
   * Sample sizes of the 601 items: round(f · 601), at least 1: round(0.601) = 1,
   * round(30.05) = 30, round(180.3) = 180, and all 601.
   */
  private static final Map<Double, Integer> SIZES = Map.of(0.001, 1, 0.05, 30, 0.3, 180,
      1.0, 601);

  /** Every method is documented as either random or deterministic, and says so itself. */
  @ParameterizedTest
  @EnumSource(SamplingMethod.class)
  void documentedAsRandomOrDeterministic(SamplingMethod method) {
    String name = method.methodName();
    assertTrue(DETERMINISTIC.contains(name) != RANDOM.contains(name),
        name + " must be in exactly one of the documented lists");
    assertEquals(RANDOM.contains(name), method.isRandom(), name);
  }

  @ParameterizedTest
  @EnumSource(SamplingMethod.class)
  void exactSizesSortedDistinct(SamplingMethod method) {
    SIZES.forEach((fraction, size) -> {
      int[] sample = new SampleSpec(method, fraction, 0.7, 1).select(SPACE, ProgressListener.NONE);
      assertSortedDistinctWithin(sample, SPACE.size());
      if (method != SamplingMethod.EBTREE) {
        assertEquals(size, sample.length, method + " at " + fraction);
      } else {
        assertTrue(sample.length >= 1, "ebtree keeps at least the root");
      }
    });
  }

  /**
   * The same seed gives the same sample; other seeds give other samples for the documented
   * random methods and the very same sample for the deterministic ones.
   */
  @ParameterizedTest
  @EnumSource(SamplingMethod.class)
  void seedsChangeRandomMethodsOnly(SamplingMethod method) {
    SampleSpec spec = new SampleSpec(method, 0.1, 0.7, 42);
    int[] first = spec.select(SPACE, ProgressListener.NONE);
    assertArrayEquals(first, spec.select(SPACE, ProgressListener.NONE), "seed 42 twice");
    for (long seed : new long[] {0, 43, 1_000_003}) {
      int[] other = spec.withSeed(seed).select(SPACE, ProgressListener.NONE);
      if (DETERMINISTIC.contains(method.methodName())) {
        assertArrayEquals(first, other, method + " depends on the seed: 42 vs " + seed);
      } else {
        assertFalse(Arrays.equals(first, other), method + " ignores the seed: 42 vs " + seed);
      }
    }
  }

  /** Ten classes of two items each: 10% is one item for every two groups. */
  @ParameterizedTest
  @EnumSource(SamplingMethod.class)
  void fractionBelowOneItemPerGroup(SamplingMethod method) {
    LatentSpace tiny = SyntheticSpaces.classes(20, 10, 3, 2, 9);
    int[] sample = new SampleSpec(method, 0.1, 0.7, 1).select(tiny, ProgressListener.NONE);
    assertSortedDistinctWithin(sample, tiny.size());
    if (method != SamplingMethod.EBTREE) {
      assertEquals(2, sample.length, method.toString());
    }
  }

  /** A space of one item yields that item. */
  @ParameterizedTest
  @EnumSource(SamplingMethod.class)
  void singleItem(SamplingMethod method) {
    LatentSpace one = new LatentSpace(new double[][] {{1, 2}}, new int[] {1}, new int[] {0}, 2);
    assertArrayEquals(new int[] {0},
        new SampleSpec(method, 0.05, 0.7, 1).select(one, ProgressListener.NONE));
  }

  private static void assertSortedDistinctWithin(int[] sample, int n) {
    for (int i = 0; i < sample.length; i++) {
      assertTrue(sample[i] >= 0 && sample[i] < n, "index " + sample[i]);
      assertTrue(i == 0 || sample[i - 1] < sample[i], "sorted and distinct");
    }
  }
}
