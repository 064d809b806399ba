package org.boundarysql.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tests what every sampler promises: sorted distinct indices, exact sizes, the same sample for
 * the same seed, and degenerate groups.
 */
class SamplerContractTest {
  /** Three classes, the last with a single item. */
  private static final LatentSpace SPACE = SyntheticSpaces.classes(601, 3, 4, 1, 5);

  @ParameterizedTest
  @EnumSource(SamplingMethod.class)
  void exactSizesSortedDistinct(SamplingMethod method) {
    for (double fraction : new double[] {0.001, 0.05, 0.3, 1}) {
      int[] sample = new SampleSpec(method, fraction, 0.7, 1).select(SPACE, ProgressListener.NONE);
      assertSortedDistinctWithin(sample, SPACE.size());
      if (method != SamplingMethod.EBTREE) {
        assertEquals(Allocation.sampleSize(SPACE.size(), fraction), sample.length,
            method + " at " + fraction);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SamplingMethod.class)
  void sameSeedSameSample(SamplingMethod method) {
    SampleSpec spec = new SampleSpec(method, 0.1, 0.7, 42);
    int[] first = spec.select(SPACE, ProgressListener.NONE);
    assertArrayEquals(first, spec.select(SPACE, ProgressListener.NONE));
    int[] otherSeed = spec.withSeed(43).select(SPACE, ProgressListener.NONE);
    if (method.isRandom()) {
      assertFalse(Arrays.equals(first, otherSeed), method + " ignores the seed");
    } else {
      assertArrayEquals(first, otherSeed, method + " depends on the seed");
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
