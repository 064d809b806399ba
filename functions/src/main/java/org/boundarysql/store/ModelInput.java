/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One input of the model a store keeps, as {@code store.json} declares it: the model's input
 * name, the {@code .npy} file of every item's value (in {@code items.csv} order, as given: uint8
 * stays uint8), its element type and the shape of one item's value, and the transform that
 * turns a value into what the model is fed (null: fed as it is, converted to float32).
 */
public record ModelInput(String name, StoredFile file, NpyDtype dtype, int[] shape,
    InputTransform transform) {
  public ModelInput {
    shape = shape.clone();
  }

  @Override public int[] shape() {
    return shape.clone();
  }

  /**
   * What a model input is called in a store: {@code input_NAME}, the characters of NAME other
   * than letters, digits and {@code _} as {@code _}; its values are that {@code .npy} file, and
   * its column of {@code items} that name where the model has several inputs.
   */
  public static String storedName(String input) {
    return "input_" + input.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** Values per item. */
  public int width() {
    return new LayerSpec(name, shape).width();
  }

  /** The transform applied before the model: the given one, or none. */
  public InputTransform transformOrNone() {
    return transform == null ? InputTransform.NONE : transform;
  }

  @Override public boolean equals(Object o) {
    return o instanceof ModelInput that && name.equals(that.name) && file.equals(that.file)
        && dtype == that.dtype && Arrays.equals(shape, that.shape)
        && Objects.equals(transform, that.transform);
  }

  @Override public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }
}
