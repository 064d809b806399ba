/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The samplers that read the latent space item by item pick what the samplers that held it in
 * memory picked. {@code picks-in-heap.txt} holds, per method and fraction, the size and
 * {@link Arrays#hashCode} of the rows the samplers of commit fd560c6 (before the bounded-memory
 * rewrite: a {@code double[][]} of every vector, boxed sorts, every item's decision values)
 * picked on {@link SyntheticSpaces#reluClasses reluClasses(3000, 12, 5, 2024)} with j = 0.7 and
 * seed 3.
 */
class BoundedMemoryPicksTest {
  private static final LatentSpace SPACE = SyntheticSpaces.reluClasses(3000, 12, 5, 2024);

  static List<String> picksInHeap() throws IOException {
    try (InputStream in = BoundedMemoryPicksTest.class.getResourceAsStream(
        "picks-in-heap.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("picksInHeap")
  void samePicksAsInHeap(String line) {
    String[] fields = line.split(" ");
    SampleSpec spec = SampleSpec.of(SamplingMethod.forName(fields[0]),
        Double.parseDouble(fields[1]), 0.7, 3);
    int[] rows = spec.select(SPACE, ProgressListener.NONE);
    assertEquals(Integer.parseInt(fields[2]), rows.length, line);
    assertEquals(Integer.parseInt(fields[3]), Arrays.hashCode(rows), line);
  }

  /** A space of the same vectors held in memory as doubles picks the same rows. */
  @ParameterizedTest
  @MethodSource("picksInHeap")
  void sameFromMemoryAndFromRows(String line) {
    String[] fields = line.split(" ");
    SampleSpec spec = SampleSpec.of(SamplingMethod.forName(fields[0]),
        Double.parseDouble(fields[1]), 0.7, 3);
    LatentSpace inMemory = new LatentSpace(SPACE.points(), SPACE.labels(), SPACE.predictions(),
        SPACE.classCount());
    assertArrayEquals(spec.select(inMemory, ProgressListener.NONE),
        spec.select(SPACE, ProgressListener.NONE), line);
  }

  /**
   * Above its limits MaxMargin trains on 300 and calibrates on 1,000 of the 3,000 items: a
   * linear boundary of 10 live dimensions is settled by then, so the groups agree on at least
   * 97% of the items and the 5% sample holds about as many misclassified items.
   */
  @Test void maxMarginWithinItsLimits() {
    BoundaryScores all = new MaxMarginSampler().score(SPACE, 0, ProgressListener.NONE);
    BoundaryScores bounded = new MaxMarginSampler(300, 1000).score(SPACE, 0,
        ProgressListener.NONE);
    long same = IntStream.range(0, all.size()).filter(i -> all.group(i) == bounded.group(i))
        .count();
    assertTrue(same >= 0.97 * all.size(), same + " of " + all.size() + " in the same group");
    long wrongAll = misclassified(all.selectTwoEnds(0.05, 0.7));
    long wrongBounded = misclassified(bounded.selectTwoEnds(0.05, 0.7));
    assertTrue(wrongBounded >= 0.9 * wrongAll, wrongBounded
        + " misclassified items in the sample, against " + wrongAll);
  }

  /**
   * Above its limit the mixture is fitted to 1,500 evenly spaced items of the 3,000, then scores
   * them all: those 1,500 get the scores they get in a space of their own, where the mixture is
   * fitted to all of them.
   */
  @Test void gaussianMixtureFitsItsSubset() {
    int[] fitted = MaxMarginSampler.evenlySpaced(SPACE.size(), 1500);
    LatentSpace subset = new LatentSpace(SPACE.points(fitted),
        IntStream.of(fitted).map(SPACE::label).toArray(),
        IntStream.of(fitted).map(SPACE::prediction).toArray(), SPACE.classCount());
    for (GaussianMixture.Covariance covariance : GaussianMixture.Covariance.values()) {
      GaussianMixtureSampler sampler = new GaussianMixtureSampler(covariance, 1500);
      BoundaryScores all = sampler.score(SPACE, 1, ProgressListener.NONE);
      BoundaryScores own = sampler.score(subset, 1, ProgressListener.NONE);
      for (int i = 0; i < fitted.length; i++) {
        assertEquals(own.group(i), all.group(fitted[i]), covariance + " item " + fitted[i]);
        assertEquals(own.logRatio(i), all.logRatio(fitted[i]), covariance + " item "
            + fitted[i]);
      }
    }
  }

  private static long misclassified(int[] rows) {
    return IntStream.of(rows).filter(i -> !SPACE.correct(i)).count();
  }
}
