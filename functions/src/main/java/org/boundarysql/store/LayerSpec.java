/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.util.Arrays;

/** A layer as declared in {@code store.json}: its name and the shape of one item's activation. */
public record LayerSpec(String name, int[] shape) {
  public LayerSpec {
    shape = shape.clone();
  }

  @Override public int[] shape() {
    return shape.clone();
  }

  /** Number of neurons, the product of the shape. */
  public int width() {
    long width = 1;
    for (int d : shape) {
      width *= d;
    }
    return Math.toIntExact(width);
  }

  @Override public boolean equals(Object o) {
    return o instanceof LayerSpec that
        && name.equals(that.name) && Arrays.equals(shape, that.shape);
  }

  @Override public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override public String toString() {
    return name + Arrays.toString(shape);
  }
}
