/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.boundarysql.kernel.RowSource;
import org.boundarysql.task.HeapBudget;

import java.util.function.Supplier;

/**
 * The items as the samplers see them: each item's latent vector (the model's last hidden layer),
 * true label and predicted label, labels in [0, classCount).
 *
 * <p>The vectors are read where they are, item by item ({@link #reader()}): a space over a
 * store's memory-mapped latent layer holds only the labels on the heap, so that a sampler's
 * memory grows with the items by a few bytes each, not by the layer's width. Methods that need
 * every vector at once ask for {@link #points()}.
 */
public final class LatentSpace {
  /** Reads latent vectors; each thread reading a space uses its own. */
  @FunctionalInterface
  public interface Reader {
    /** Copies item {@code item}'s latent vector into the first {@link #dimension()} slots. */
    void read(int item, double[] into);
  }

  private final int size;
  private final int dimension;
  private final Supplier<Reader> readers;
  private final double[][] inMemory;
  private final int[] labels;
  private final int[] predictions;
  private final int classCount;

  private LatentSpace(int size, int dimension, Supplier<Reader> readers, double[][] inMemory,
      int[] labels, int[] predictions, int classCount) {
    if (labels.length != size || predictions.length != size) {
      throw new IllegalArgumentException("lengths differ: " + size + " points, "
          + labels.length + " labels, " + predictions.length + " predictions");
    }
    if (classCount <= 0) {
      throw new IllegalArgumentException("classCount must be positive: " + classCount);
    }
    for (int i = 0; i < size; i++) {
      checkLabel("label", i, labels[i], classCount);
      checkLabel("prediction", i, predictions[i], classCount);
    }
    this.size = size;
    this.dimension = dimension;
    this.readers = readers;
    this.inMemory = inMemory;
    this.labels = labels;
    this.predictions = predictions;
    this.classCount = classCount;
  }

  /** Creates a latent space of points in memory; the arrays are used as they are, not copied. */
  public LatentSpace(double[][] points, int[] labels, int[] predictions, int classCount) {
    this(points.length, checkedDimension(points), () -> (item, into) ->
        System.arraycopy(points[item], 0, into, 0, points[item].length), points, labels,
        predictions, classCount);
  }

  /**
   * Creates a latent space over the rows of the latent layer, read when a sampler asks for
   * them; the label arrays are used as they are, not copied.
   */
  public static LatentSpace fromRows(RowSource latent, int[] labels, int[] predictions,
      int classCount) {
    int width = latent.width();
    return new LatentSpace(latent.rows(), width, () -> {
      float[] row = new float[width];
      return (item, into) -> {
        latent.read(item, row);
        for (int k = 0; k < width; k++) {
          into[k] = row[k];
        }
      };
    }, null, labels, predictions, classCount);
  }

  private static int checkedDimension(double[][] points) {
    int dimension = points.length == 0 ? 0 : points[0].length;
    for (int i = 0; i < points.length; i++) {
      if (points[i].length != dimension) {
        throw new IllegalArgumentException("point " + i + " has dimension "
            + points[i].length + ", not " + dimension);
      }
    }
    return dimension;
  }

  private static void checkLabel(String what, int item, int label, int classCount) {
    if (label < 0 || label >= classCount) {
      throw new IllegalArgumentException(
          what + " of item " + item + " is " + label + ", not in [0, " + classCount + ")");
    }
  }

  /** Returns the number of items. */
  public int size() {
    return size;
  }

  /** Returns the dimension of the latent vectors. */
  public int dimension() {
    return dimension;
  }

  /** Returns the number of classes. */
  public int classCount() {
    return classCount;
  }

  /** Returns a reader of the latent vectors, for one thread. */
  public Reader reader() {
    return readers.get();
  }

  /**
   * Returns every latent vector in memory, item by item (callers must not modify them): for
   * the methods that need them all at once. Refused with an {@link
   * org.boundarysql.task.InsufficientMemoryException} if the heap cannot hold them.
   */
  public double[][] points() {
    if (inMemory != null) {
      return inMemory;
    }
    // Per point: the doubles, an array header and a reference.
    HeapBudget.require((long) size * (dimension * Double.BYTES + 24L),
        "holding " + String.format("%,d", size) + " latent vectors of " + dimension
            + " dimensions in memory");
    return read(null);
  }

  /** Returns copies of the latent vectors of some items, in their order. */
  public double[][] points(int[] items) {
    return read(items);
  }

  /** The latent vectors of some items, or of every item if {@code items} is null. */
  private double[][] read(int[] items) {
    int count = items == null ? size : items.length;
    double[][] points = new double[count][dimension];
    Reader reader = reader();
    for (int i = 0; i < count; i++) {
      reader.read(items == null ? i : items[i], points[i]);
    }
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
