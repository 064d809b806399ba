/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * A layer as declared in {@code store.json}: its name, the shape of one item's activation, and
 * the name of the model's value it holds ({@code /relu2/Relu_output_0}), or null if the store
 * does not say.
 */
public record LayerSpec(String name, int[] shape, String value) {
  public LayerSpec {
    shape = shape.clone();
  }

  /** A layer whose model value is not recorded. */
  public LayerSpec(String name, int[] shape) {
    this(name, shape, null);
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
    return o instanceof LayerSpec that && name.equals(that.name)
        && Arrays.equals(shape, that.shape) && Objects.equals(value, that.value);
  }

  @Override public int hashCode() {
    return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Objects.hashCode(value);
  }

  @Override public String toString() {
    return name + Arrays.toString(shape);
  }
}
