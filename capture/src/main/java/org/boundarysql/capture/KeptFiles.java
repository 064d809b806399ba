/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.InputTransform;
import org.boundarysql.store.ModelFile;
import org.boundarysql.store.ModelInput;
import org.boundarysql.store.NpyDtype;
import org.boundarysql.store.NpyHeader;
import org.boundarysql.store.StoredFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an on-demand store keeps beside its layers: a copy of the model (with its external
 * weight files, at the places the model names), and the inputs of every item as given, one
 * {@code .npy} file per model input with every split one after another in store order (the
 * element type kept: uint8 stays uint8, int64 token ids stay int64; texts are kept as the ids,
 * masks and type ids the tokenizer gave), each with its SHA-256 for {@code store.json}.
 */
final class KeptFiles {
  /** The model's name in a store. */
  static final String MODEL_FILE = "model.onnx";
  private static final int COPY_BYTES = 1 << 20;
  /** The integer element types, each holding every value of those before it. */
  private static final List<NpyDtype> INTEGERS = List.of(NpyDtype.BOOL, NpyDtype.UINT8,
      NpyDtype.INT32, NpyDtype.INT64);

  private KeptFiles() {
  }

  /** Copies the model and its external weight files into {@code storeDir}. */
  static ModelFile copyModel(OnnxModel model, Path storeDir) throws IOException {
    Path copy = storeDir.resolve(MODEL_FILE);
    Files.copy(model.file(), copy, StandardCopyOption.REPLACE_EXISTING);
    List<StoredFile> external = new ArrayList<>();
    for (String location : model.externalDataFiles()) {
      Path target = storeDir.resolve(location).normalize();
      if (!target.startsWith(storeDir)) {
        throw new IllegalArgumentException(model.file() + " keeps weights in " + location
            + ", outside its directory; an on-demand store cannot keep a copy of it");
      }
      Files.createDirectories(target.getParent());
      Files.copy(model.directory().resolve(location), target,
          StandardCopyOption.REPLACE_EXISTING);
      external.add(new StoredFile(location, StoredFiles.sha256(target)));
    }
    return new ModelFile(new StoredFile(MODEL_FILE, StoredFiles.sha256(copy)), external);
  }

  /**
   * The element type an input's arrays are kept in: theirs if they share it; for integers of
   * several types (texts of splits whose ids need more or fewer bits), the widest, which holds
   * every value exactly; null if float arrays differ.
   */
  static NpyDtype keptType(List<InputArray> arrays) {
    NpyDtype kept = arrays.get(0).dtype();
    for (InputArray array : arrays) {
      if (array.dtype() != kept) {
        if (!array.dtype().isInteger() || !kept.isInteger()) {
          return null;
        }
        kept = INTEGERS.indexOf(array.dtype()) > INTEGERS.indexOf(kept) ? array.dtype() : kept;
      }
    }
    return kept;
  }

  /**
   * Writes the values of model input {@code name} of every item: the arrays' rows one after
   * another, as little-endian values of their element type ({@link #keptType}): a {@code .npy}
   * file's bytes as they are, other values (a tokenizer's ids) converted exactly.
   */
  static ModelInput writeInput(String name, List<InputArray> arrays, InputTransform transform,
      Path storeDir) throws IOException {
    InputArray first = arrays.get(0);
    NpyDtype dtype = keptType(arrays);
    long rows = arrays.stream().mapToLong(InputArray::rows).sum();
    long[] rowShape = first.rowShape();
    long[] shape = new long[rowShape.length + 1];
    shape[0] = rows;
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    Path target = storeDir.resolve(ModelInput.storedName(name) + ".npy");
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      write(out, ByteBuffer.wrap(NpyHeader.bytes(dtype, shape)));
      for (InputArray array : arrays) {
        if (array instanceof NpyArray npy && npy.dtype() == dtype) {
          copyData(npy, out);
        } else {
          writeIntegers(array, dtype, out);
        }
      }
    }
    int[] itemShape = Arrays.stream(rowShape).mapToInt(Math::toIntExact).toArray();
    return new ModelInput(name, new StoredFile(target.getFileName().toString(),
        StoredFiles.sha256(target)), dtype, itemShape, transform);
  }

  /** Writes an integer array's values as little-endian values of {@code dtype}. */
  private static void writeIntegers(InputArray array, NpyDtype dtype, FileChannel out)
      throws IOException {
    int width = array.rowValues();
    int rowsAtOnce = Math.max(1, COPY_BYTES / 8 / Math.max(1, width));
    long[] values = new long[rowsAtOnce * width];
    ByteBuffer buffer = ByteBuffer.allocate(values.length * dtype.bytes())
        .order(ByteOrder.LITTLE_ENDIAN);
    for (long row = 0; row < array.rows(); row += rowsAtOnce) {
      int count = (int) Math.min(rowsAtOnce, array.rows() - row);
      array.readIntegers(row, count, values, 0);
      buffer.clear();
      for (int i = 0; i < count * width; i++) {
        switch (dtype) {
          case INT64 -> buffer.putLong(values[i]);
          case INT32 -> buffer.putInt(Math.toIntExact(values[i]));
          default -> buffer.put((byte) values[i]);
        }
      }
      write(out, buffer.flip());
    }
  }

  /** Copies an array's data, swapping the bytes of each value if it is big-endian. */
  private static void copyData(NpyArray array, FileChannel out) throws IOException {
    NpyHeader header = array.header();
    int size = header.dtype().bytes();
    boolean swap = size > 1 && header.byteOrder() == ByteOrder.BIG_ENDIAN;
    long left = header.fileBytes() - header.dataOffset();
    long position = header.dataOffset();
    ByteBuffer buffer = ByteBuffer.allocate(COPY_BYTES / size * size);
    try (FileChannel in = FileChannel.open(array.file(), StandardOpenOption.READ)) {
      while (left > 0) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), left));
        while (buffer.hasRemaining()) {
          int n = in.read(buffer, position + buffer.position());
          if (n < 0) {
            throw new IllegalArgumentException(array.file() + ": ends before its data");
          }
        }
        buffer.flip();
        if (swap) {
          swapBytes(buffer, size);
        }
        left -= buffer.remaining();
        position += buffer.remaining();
        write(out, buffer);
      }
    }
  }

  private static void swapBytes(ByteBuffer buffer, int size) {
    byte[] bytes = buffer.array();
    for (int i = 0; i + size <= buffer.limit(); i += size) {
      for (int a = i, b = i + size - 1; a < b; a++, b--) {
        byte t = bytes[a];
        bytes[a] = bytes[b];
        bytes[b] = t;
      }
    }
  }

  private static void write(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }
}
