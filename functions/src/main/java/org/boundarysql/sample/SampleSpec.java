/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

/**
 * What sample to draw: the method, the fraction f of items in (0, 1], the share j in [0, 1] of
 * the boundary methods' picks taken near the boundary, and the seed of the random methods.
 */
public record SampleSpec(SamplingMethod method, double fraction, double j, long seed) {
  /** The paper's default share of picks near the boundary. */
  public static final double DEFAULT_J = 0.7;
  /** The seed when none is given. */
  public static final long DEFAULT_SEED = 0;

  /** Validates the arguments. */
  public SampleSpec {
    if (method == null) {
      throw new IllegalArgumentException("method is null");
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
    }
    if (!(j >= 0 && j <= 1)) {
      throw new IllegalArgumentException("j must be in [0, 1], got " + j);
    }
  }

  /** Creates a spec with the method's default j and the default seed. */
  public static SampleSpec of(SamplingMethod method, double fraction) {
    return of(method, fraction, method.defaultJ(), DEFAULT_SEED);
  }

  /**
   * Creates a spec in which a method that is not random has the default seed, so that specs
   * of the same sample are equal.
   */
  public static SampleSpec of(SamplingMethod method, double fraction, double j, long seed) {
    return new SampleSpec(method, fraction, j, method == null || method.isRandom() ? seed
        : DEFAULT_SEED);
  }

  /** Returns this spec with another seed. */
  public SampleSpec withSeed(long seed) {
    return new SampleSpec(method, fraction, j, seed);
  }

  /** Selects this sample from {@code space} with a new sampler of the method. */
  public int[] select(LatentSpace space, ProgressListener progress) {
    return method.sampler().select(space, this, progress);
  }

  /**
   * Draws this sample from {@code space} with a new sampler of the method, with inclusion
   * probabilities where the design knows them.
   */
  public Draw draw(LatentSpace space, ProgressListener progress) {
    return method.sampler().draw(space, this, progress);
  }

  /** The spec as EXPLAIN shows it: {@code maxmargin fraction=0.05 j=0.7 seed=0}. */
  public String describe() {
    return method.methodName() + " fraction=" + fraction + " j=" + j + " seed=" + seed;
  }
}
