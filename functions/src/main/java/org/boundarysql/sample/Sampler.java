/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.task.ProgressListener;

/** Selects a sample of the items of a latent space. */
public interface Sampler {
  /**
   * Returns the selected row indices, ascending and distinct. The sampler reads the fraction,
   * j and seed of {@code spec}; its method is the caller's business.
   */
  int[] select(LatentSpace space, SampleSpec spec, ProgressListener progress);

  /**
   * Returns the selected rows with their strata and inclusion probabilities where the design
   * knows them: the rows of {@link #select} and no probabilities, unless the sampler is a
   * {@link ProbabilitySampler}.
   */
  default Draw draw(LatentSpace space, SampleSpec spec, ProgressListener progress) {
    return Draw.unweighted(select(space, spec, progress));
  }
}
