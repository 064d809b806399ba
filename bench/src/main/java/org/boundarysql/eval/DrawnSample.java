/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.sample.SamplingMethod;

/**
 * One sample drawn during the evaluation: the spec it was drawn with, its size and how many of
 * its items the model classifies correctly, and the time to create it. A boundary method fits its
 * model once per seed and selects every fraction and j from the same scores; its creation time is
 * that fit's time plus its own selection time.
 */
record DrawnSample(Experiment experiment, SamplingMethod method, long seed, double fraction,
    double j, int size, int correct, double fitSeconds, double selectSeconds) {

  /** Returns the time to create this sample from the latent space, in seconds. */
  double createSeconds() {
    return fitSeconds + selectSeconds;
  }

  /** Returns how many of its items the model misclassifies. */
  int incorrect() {
    return size - correct;
  }
}
