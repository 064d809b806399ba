/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The sample-selection methods, by the name SQL and the command line use. */
public enum SamplingMethod {
  MAXMARGIN("maxmargin", false, MaxMarginSampler::new),
  GMM_FULL("gmm_full", true, GaussianMixtureSampler::full),
  GMM_SPHERICAL("gmm_spherical", true, GaussianMixtureSampler::spherical),
  UNIFORM("uniform", true, UniformSampler::new),
  STRATIFIED("stratified", true, StratifiedSampler::new),
  STRATIFIED_WEIGHTED("stratified_weighted", true, StratifiedWeightedSampler::new),
  LATENT_GRID("latent_grid", true, LatentGridSampler::new),
  VAS("vas", true, VasSampler::new),
  EBTREE("ebtree", false, BoundaryTreeSampler::new),
  WEIGHTED("weighted", true, WeightedSampler::new),
  /** Beyond the paper: see {@link BoundaryStratifiedSampler}. */
  BOUNDARY_STRATIFIED("boundary_stratified", true, BoundaryStratifiedSampler::new),
  /** A probability design near the boundary: see {@link MarginStratifiedSampler}. */
  MARGIN_STRATIFIED("margin_stratified", true, MarginStratifiedSampler::new);

  private final String methodName;
  private final boolean random;
  private final Supplier<Sampler> factory;

  SamplingMethod(String methodName, boolean random, Supplier<Sampler> factory) {
    this.methodName = methodName;
    this.random = random;
    this.factory = factory;
  }

  /** Returns the method's name, e.g. {@code maxmargin}. */
  public String methodName() {
    return methodName;
  }

  /** Returns whether the sample depends on the seed. */
  public boolean isRandom() {
    return random;
  }

  /**
   * Returns the share j a sample of this method takes when none is given: {@link
   * MarginStratifiedSampler#DEFAULT_J} for {@code margin_stratified}, else {@link
   * SampleSpec#DEFAULT_J}.
   */
  public double defaultJ() {
    return this == MARGIN_STRATIFIED ? MarginStratifiedSampler.DEFAULT_J : SampleSpec.DEFAULT_J;
  }

  /** Returns {@link #defaultJ} of the method of a name, {@link SampleSpec#DEFAULT_J} if none. */
  public static double defaultJ(String name) {
    for (SamplingMethod method : values()) {
      if (method.methodName.equalsIgnoreCase(name)) {
        return method.defaultJ();
      }
    }
    return SampleSpec.DEFAULT_J;
  }

  /**
   * Returns whether the method's samples carry each item's inclusion probability (a {@link
   * ProbabilitySampler}), which the model-assisted estimates need.
   */
  public boolean knowsProbabilities() {
    return sampler() instanceof ProbabilitySampler;
  }

  /** Creates a sampler of this method. */
  public Sampler sampler() {
    return factory.get();
  }

  /** Returns the method of a name, ignoring case. */
  public static SamplingMethod forName(String name) {
    for (SamplingMethod method : values()) {
      if (method.methodName.equalsIgnoreCase(name)) {
        return method;
      }
    }
    throw new IllegalArgumentException("unknown sampling method '" + name + "'; valid: "
        + Arrays.stream(values()).map(SamplingMethod::methodName)
            .collect(Collectors.joining(", ")));
  }

  @Override public String toString() {
    return methodName;
  }
}
