/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One model input of every item of a store ({@link ModelInput}), read from its memory-mapped
 * {@code .npy} file of any element type: as a float model input is fed ({@link #read}, after
 * the transform, float32), as stored ({@link #readRaw}), or as the exact integers an integer
 * model input is fed ({@link #readIntegers}).
 */
public final class InputLayer implements Layer {
  private final ModelInput input;
  private final LayerSpec spec;
  private final NpyRows rows;
  private final InputTransform transform;

  private InputLayer(ModelInput input, NpyRows rows) {
    this.input = input;
    this.spec = new LayerSpec(input.name(), input.shape());
    this.rows = rows;
    this.transform = input.transformOrNone();
  }

  /**
   * Maps the input file of a store, checking it against its declaration and the item count;
   * a mismatch is a {@link StoreFormatException} naming the file.
   */
  public static InputLayer open(Path storeDir, ModelInput input, int items) {
    Path file = storeDir.resolve(input.file().file());
    if (!Files.isRegularFile(file)) {
      throw new StoreFormatException(file, "missing: store.json declares it as the values of"
          + " the model's input \"" + input.name() + "\"");
    }
    return new InputLayer(input, NpyRows.map(file, NpyRows.MAX_REGION_BYTES, header -> {
      String declared = input.dtype() + " " + Arrays.toString(input.shape());
      long[] rowShape = header.rowShape();
      if (header.dtype() != input.dtype()
          || !Arrays.equals(rowShape, Arrays.stream(input.shape()).asLongStream().toArray())) {
        throw new StoreFormatException(file, "holds " + header.dtype() + " rows of shape "
            + Arrays.toString(rowShape) + " but store.json declares " + declared
            + ": the inputs no longer match the store; capture it again");
      }
      if (header.rows() != items) {
        throw new StoreFormatException(file, "has " + header.rows() + " rows but items.csv has "
            + items + ": the inputs no longer match the store; capture it again");
      }
    }));
  }

  /** The declaration this reads. */
  public ModelInput input() {
    return input;
  }

  @Override public LayerSpec spec() {
    return spec;
  }

  @Override public int rows() {
    return Math.toIntExact(rows.header().rows());
  }

  @Override public float value(int row, int index) {
    return transform.apply(rows.value(row, index), index, spec.width());
  }

  /** The row as the model is fed: converted to float32 and transformed. */
  @Override public void read(int row, float[] dst) {
    rows.read(row, dst);
    transform.applyToRow(dst, 0, spec.width());
  }

  /**
   * The row as stored, exactly, for an integer element type ({@link NpyDtype#isInteger()}):
   * token ids and masks, which the model is fed as integers.
   */
  public void readIntegers(int row, long[] dst) {
    rows.readIntegers(row, dst);
  }

  /** The row as stored, converted to float32 without the transform. */
  public void readRaw(int row, float[] dst) {
    rows.read(row, dst);
  }
}
