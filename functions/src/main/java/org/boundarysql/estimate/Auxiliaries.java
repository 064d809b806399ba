/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

/**
 * The auxiliaries of the model-assisted estimates, known for every item because they chose the
 * sample: an item's latent vector, its logits and their softmax, concatenated.
 */
public final class Auxiliaries {
  private Auxiliaries() {
  }

  /** Returns the auxiliary vector of an item: latent, logits, softmax(logits). */
  public static double[] of(float[] latent, float[] logits) {
    double[] aux = new double[latent.length + 2 * logits.length];
    into(latent, logits, aux);
    return aux;
  }

  /** Writes the auxiliary vector of an item into {@code aux}, as {@link #of} returns it. */
  public static void into(float[] latent, float[] logits, double[] aux) {
    for (int j = 0; j < latent.length; j++) {
      aux[j] = latent[j];
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    double sum = 0;
    int softmax = latent.length + logits.length;
    for (int c = 0; c < logits.length; c++) {
      aux[latent.length + c] = logits[c];
      aux[softmax + c] = Math.exp(logits[c] - max);
      sum += aux[softmax + c];
    }
    for (int c = 0; c < logits.length; c++) {
      aux[softmax + c] /= sum;
    }
  }
}
