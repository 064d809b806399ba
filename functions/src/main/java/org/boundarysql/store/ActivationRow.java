/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.nio.FloatBuffer;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * One item's activation as a {@code List<Float>} view over a layer's mapped data.
 *
 * <p>Creating the view reads nothing; {@link #copyTo} reads the row in bulk without boxing,
 * which is how aggregate kernels consume it. {@link #get} boxes and serves generic SQL only.
 */
public final class ActivationRow extends AbstractList<Float> implements RandomAccess {
  private final Layer layer;
  private final int row;

  ActivationRow(Layer layer, int row) {
    this.layer = layer;
    this.row = row;
  }

  @Override public Float get(int index) {
    return value(index);
  }

  /** The activation of one neuron, unboxed. */
  public float value(int neuron) {
    if (neuron < 0 || neuron >= layer.width()) {
      throw new IndexOutOfBoundsException("neuron " + neuron + " of " + layer.width());
    }
    return layer.value(row, neuron);
  }

  @Override public int size() {
    return layer.width();
  }

  /** Copies the values into {@code dst}, whose length is at least {@link #size()}. */
  public void copyTo(float[] dst) {
    layer.read(row, dst);
  }

  /**
   * Copies the values into {@code dst} from index {@code offset} on, in bulk, straight from the
   * layer's file where it can (see {@link Layer#read(int, FloatBuffer, int)}).
   */
  public void copyTo(FloatBuffer dst, int offset) {
    layer.read(row, dst, offset);
  }

  /** The layer this row belongs to. */
  public Layer layer() {
    return layer;
  }

  /** The row's position in the store. */
  public int rowIndex() {
    return row;
  }
}
