/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

/**
 * The auxiliaries of the model-assisted estimates, known for every item: an item's latent
 * vector, its logits and their softmax (they chose the sample), and, in a store that keeps its
 * float-fed inputs, the item's scores on the inputs' leading principal components
 * ({@code store.InputComponents}), concatenated.
 */
public final class Auxiliaries {
  private Auxiliaries() {
  }

  /** Returns the auxiliary vector of an item: latent, logits, softmax(logits). */
  public static double[] of(float[] latent, float[] logits) {
    return of(latent, logits, new float[0]);
  }

  /**
   * Returns the auxiliary vector of an item: latent, logits, softmax(logits), input scores
   * (none for a store without float-fed inputs).
   */
  public static double[] of(float[] latent, float[] logits, float[] inputScores) {
    double[] aux = new double[width(latent.length, logits.length, inputScores.length)];
    into(latent, logits, inputScores, aux);
    return aux;
  }

  /** The number of auxiliaries of the given widths. */
  public static int width(int latent, int logits, int inputScores) {
    return latent + 2 * logits + inputScores;
  }

  /**
   * The short name of the auxiliaries used, for {@code ESTIMATE_BASIS()}: empty for the latent
   * layer, logits and softmax alone, {@code " (latent, logits, input)"} with input scores.
   */
  public static String label(boolean inputScores) {
    return inputScores ? " (latent, logits, input)" : "";
  }

  /** Writes the auxiliary vector of an item into {@code aux}, as {@link #of} returns it. */
  public static void into(float[] latent, float[] logits, float[] inputScores, double[] aux) {
    int scores = latent.length + 2 * logits.length;
    for (int j = 0; j < inputScores.length; j++) {
      aux[scores + j] = inputScores[j];
    }
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
