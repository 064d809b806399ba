/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.kernel.RowSource;

/**
 * The items as the samplers see them: each item's latent vector (the model's last hidden layer),
 * true label and predicted label, labels in [0, classCount).
 */
public final class LatentSpace {
  private final double[][] points;
  private final int[] labels;
  private final int[] predictions;
  private final int classCount;

  /** Creates a latent space; the arrays are used as they are, not copied. */
  public LatentSpace(double[][] points, int[] labels, int[] predictions, int classCount) {
    if (labels.length != points.length || predictions.length != points.length) {
      throw new IllegalArgumentException("lengths differ: " + points.length + " points, "
          + labels.length + " labels, " + predictions.length + " predictions");
    }
    if (classCount <= 0) {
      throw new IllegalArgumentException("classCount must be positive: " + classCount);
    }
    int dimension = points.length == 0 ? 0 : points[0].length;
    for (int i = 0; i < points.length; i++) {
      if (points[i].length != dimension) {
        throw new IllegalArgumentException("point " + i + " has dimension "
            + points[i].length + ", not " + dimension);
      }
      checkLabel("label", i, labels[i], classCount);
      checkLabel("prediction", i, predictions[i], classCount);
    }
    this.points = points;
    this.labels = labels;
    this.predictions = predictions;
    this.classCount = classCount;
  }

  /** Creates a latent space from the rows of the latent layer. */
  public static LatentSpace fromRows(RowSource latent, int[] labels, int[] predictions,
      int classCount) {
    float[] row = new float[latent.width()];
    double[][] points = new double[latent.rows()][latent.width()];
    for (int i = 0; i < points.length; i++) {
      latent.read(i, row);
      for (int k = 0; k < row.length; k++) {
        points[i][k] = row[k];
      }
    }
    return new LatentSpace(points, labels, predictions, classCount);
  }

  private static void checkLabel(String what, int item, int label, int classCount) {
    if (label < 0 || label >= classCount) {
      throw new IllegalArgumentException(
          what + " of item " + item + " is " + label + ", not in [0, " + classCount + ")");
    }
  }

  /** Returns the number of items. */
  public int size() {
    return points.length;
  }

  /** Returns the dimension of the latent vectors. */
  public int dimension() {
    return points.length == 0 ? 0 : points[0].length;
  }

  /** Returns the number of classes. */
  public int classCount() {
    return classCount;
  }

  /** Returns the latent vectors, item by item; callers must not modify them. */
  public double[][] points() {
    return points;
  }

  /** Returns the true labels, item by item; callers must not modify them. */
  public int[] labels() {
    return labels;
  }

  /** Returns the predicted labels, item by item; callers must not modify them. */
  public int[] predictions() {
    return predictions;
  }

  /** Returns the true label of an item. */
  public int label(int item) {
    return labels[item];
  }

  /** Returns the model's predicted label of an item. */
  public int prediction(int item) {
    return predictions[item];
  }

  /** Returns whether the model classified an item correctly. */
  public boolean correct(int item) {
    return labels[item] == predictions[item];
  }

  /** The squared Euclidean distance of two points of a latent space. */
  public static double squaredDistance(double[] a, double[] b) {
    double sum = 0;
    for (int f = 0; f < a.length; f++) {
      double delta = a[f] - b[f];
      sum += delta * delta;
    }
    return sum;
  }
}
