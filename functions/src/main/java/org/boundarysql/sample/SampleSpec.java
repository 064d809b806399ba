package org.boundarysql.sample;

/**
 * What sample to draw: the method, the fraction f of items in (0, 1], the share j in [0, 1] of
 * the boundary methods' picks taken near the boundary, and the seed of the random methods.
 */
public record SampleSpec(SamplingMethod method, double fraction, double j, long seed) {
  /** The paper's default share of picks near the boundary. */
  public static final double DEFAULT_J = 0.7;

  /** Validates the arguments. */
  public SampleSpec {
    if (method == null) {
      throw new IllegalArgumentException("method is null");
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
    }
    if (!(j >= 0 && j <= 1)) {
      throw new IllegalArgumentException("j must be in [0, 1]: " + j);
    }
  }

  /** Creates a spec with the default j and seed 0. */
  public static SampleSpec of(SamplingMethod method, double fraction) {
    return new SampleSpec(method, fraction, DEFAULT_J, 0);
  }

  /** Returns this spec with another seed. */
  public SampleSpec withSeed(long seed) {
    return new SampleSpec(method, fraction, j, seed);
  }

  /** Selects this sample from {@code space} with a new sampler of the method. */
  public int[] select(LatentSpace space, ProgressListener progress) {
    return method.sampler().select(space, this, progress);
  }
}
