/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.InputTransform;
import org.boundarysql.store.NpyDtype;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a capture feeds its model: every input's values of a batch of items, of the element
 * type the model declares (integers stay integers; only float inputs are transformed), checked
 * against the model before anything is run: element types, shapes and the transform.
 */
final class InputFeeds {
  /** File element types each integer input type holds without loss. */
  private static final Map<OnnxJavaType, Set<NpyDtype>> EXACT = Map.of(
      OnnxJavaType.BOOL, EnumSet.of(NpyDtype.BOOL),
      OnnxJavaType.UINT8, EnumSet.of(NpyDtype.BOOL, NpyDtype.UINT8),
      OnnxJavaType.INT8, EnumSet.of(NpyDtype.BOOL),
      OnnxJavaType.INT16, EnumSet.of(NpyDtype.BOOL, NpyDtype.UINT8),
      OnnxJavaType.INT32, EnumSet.of(NpyDtype.BOOL, NpyDtype.UINT8, NpyDtype.INT32),
      OnnxJavaType.INT64, EnumSet.of(NpyDtype.BOOL, NpyDtype.UINT8, NpyDtype.INT32,
          NpyDtype.INT64));

  private final CaptureInputs inputs;
  private final Map<String, TensorInfo> declared;
  private final InputTransform transform;

  private InputFeeds(CaptureInputs inputs, Map<String, TensorInfo> declared,
      InputTransform transform) {
    this.inputs = inputs;
    this.declared = declared;
    this.transform = transform;
  }

  /**
   * Checks every input the runner is fed against the arrays that give it values; a mismatch
   * is an IllegalArgumentException saying how to fix it. {@code transform} may be null.
   */
  static InputFeeds check(CaptureInputs inputs, ModelRunner runner, InputTransform transform) {
    Map<String, TensorInfo> declared = new LinkedHashMap<>(runner.inputs());
    boolean anyFloat = false;
    for (Map.Entry<String, TensorInfo> input : declared.entrySet()) {
      String name = input.getKey();
      TensorInfo info = input.getValue();
      List<InputArray> arrays = inputs.arrays().get(name);
      InputArray first = arrays.get(0);
      long[] expected = info.getShape();
      long[] rowShape = first.rowShape();
      if (!shapeFits(expected, rowShape)) {
        throw new IllegalArgumentException(InputShapes.mismatch(first.file(), rowShape, name,
            expected, info.getDimensionNames()));
      }
      if (info.type == OnnxJavaType.FLOAT) {
        anyFloat = true;
        for (InputArray array : arrays) {
          // a bool array (a mask) is 0 and 1 as float32 too: only other integers are ambiguous
          if (array.dtype().isInteger() && array.dtype() != NpyDtype.BOOL && transform == null) {
            throw new IllegalArgumentException(array.file() + " holds " + array.dtype()
                + " values: say how the model wants them as float32 (its input '" + name
                + "'), e.g. --scale 1/255 for pixels in [0, 1], --mean/--std to normalise,"
                + " or --scale 1 to feed them as they are");
          }
        }
        if (transform != null && transform.channels() > 1
            && (rowShape.length == 0 || transform.channels() != rowShape[0])) {
          throw new IllegalArgumentException("--mean/--std give " + transform.channels()
              + " channels, but the rows of input '" + name + "' have shape "
              + Arrays.toString(rowShape) + " (channels first)");
        }
      } else if (EXACT.containsKey(info.type)) {
        for (InputArray array : arrays) {
          if (!fitsExactly(info.type, array.dtype())) {
            throw new IllegalArgumentException(array.file() + " holds " + array.dtype()
                + " values, but the model's input '" + name + "' is " + typeName(info.type)
                + ", which they do not fit exactly: save them as " + typeName(info.type)
                + " (x.astype(numpy." + typeName(info.type) + ") before numpy.save)");
          }
        }
      } else {
        throw new IllegalArgumentException("the model's input '" + name + "' is "
            + typeName(info.type) + "; capture feeds float32, int64, int32, int16, int8, uint8"
            + " and bool inputs");
      }
    }
    if (transform != null && !anyFloat) {
      throw new IllegalArgumentException("--scale, --mean and --std transform float inputs,"
          + " and the model's inputs " + declared.keySet() + " are integers: leave them out");
    }
    return new InputFeeds(inputs, declared, transform);
  }

  /** Whether rows of {@code rowShape} fit an input of shape {@code expected} (batch first). */
  static boolean shapeFits(long[] expected, long[] rowShape) {
    boolean fits = expected.length == rowShape.length + 1;
    for (int i = 0; fits && i < rowShape.length; i++) {
      fits = expected[i + 1] < 0 || expected[i + 1] == rowShape[i];
    }
    return fits;
  }

  /**
   * Whether values of {@code dtype} are fed to an input of {@code type} as they are: any
   * values to a float input (through the transform), integers that it holds exactly to an
   * integer input.
   */
  static boolean fitsExactly(OnnxJavaType type, NpyDtype dtype) {
    return type == OnnxJavaType.FLOAT || EXACT.getOrDefault(type, Set.of()).contains(dtype);
  }

  static String typeName(OnnxJavaType type) {
    return type == OnnxJavaType.FLOAT ? "float32" : type == OnnxJavaType.DOUBLE ? "float64"
        : type.toString().toLowerCase(Locale.ROOT);
  }

  /** The names of the inputs fed. */
  Set<String> names() {
    return declared.keySet();
  }

  /** Whether the model declares input {@code name} float32 (the one kind transformed). */
  boolean isFloat(String name) {
    return declared.get(name).type == OnnxJavaType.FLOAT;
  }

  /**
   * Every input's values for {@code rows[from..to)}, as direct buffers of shape
   * {@code [fed, row shape...]}, zero beyond {@code to - from} rows.
   */
  Map<String, ModelRunner.Feed> feeds(int[] rows, int from, int to, int fed) throws IOException {
    Map<String, ModelRunner.Feed> feeds = new LinkedHashMap<>();
    for (Map.Entry<String, TensorInfo> input : declared.entrySet()) {
      String name = input.getKey();
      OnnxJavaType type = input.getValue().type;
      InputArray first = inputs.arrays().get(name).get(0);
      int width = first.rowValues();
      long[] shape = new long[first.rowShape().length + 1];
      shape[0] = fed;
      System.arraycopy(first.rowShape(), 0, shape, 1, shape.length - 1);
      feeds.put(name, new ModelRunner.Feed(type == OnnxJavaType.FLOAT
          ? floats(name, rows, from, to, fed * width, width)
          : integers(name, type, rows, from, to, fed * width), shape, type));
    }
    return feeds;
  }

  private Buffer floats(String name, int[] rows, int from, int to, int size, int width)
      throws IOException {
    float[] values = new float[size];
    inputs.read(name, rows, from, to, (array, first, count, offset) ->
        array.read(first, count, values, offset));
    (transform == null ? InputTransform.NONE : transform).apply(values, to - from, width);
    ByteBuffer buffer = FeedBuffers.allocate(OnnxJavaType.FLOAT, size);
    FeedBuffers.putFloats(buffer, 0, values, size);
    return FeedBuffers.view(buffer, OnnxJavaType.FLOAT, size);
  }

  private Buffer integers(String name, OnnxJavaType type, int[] rows, int from, int to,
      int size) throws IOException {
    long[] values = new long[size];
    inputs.read(name, rows, from, to, (array, first, count, offset) ->
        array.readIntegers(first, count, values, offset));
    ByteBuffer buffer = FeedBuffers.allocate(type, size);
    FeedBuffers.putIntegers(buffer, type, 0, values, size);
    return FeedBuffers.view(buffer, type, size);
  }
}
