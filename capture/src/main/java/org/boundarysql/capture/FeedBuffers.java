/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import ai.onnxruntime.OnnxJavaType;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct buffers of the element types a model input is fed, written from float32 values or
 * from exact integers (an integer input never passes through float): the one conversion of
 * the capture's feeds ({@link InputFeeds}) and of the on-demand runs ({@link OnnxModelRun}).
 */
final class FeedBuffers {
  private FeedBuffers() {
  }

  /** Bytes per value of an input type this feeds. */
  static int bytes(OnnxJavaType type) {
    return switch (type) {
      case FLOAT, INT32 -> 4;
      case INT64 -> 8;
      case INT16 -> 2;
      case INT8, UINT8, BOOL -> 1;
      default -> throw new IllegalArgumentException("no feed of " + type + " values");
    };
  }

  /** A direct buffer in native order for {@code values} values of {@code type}. */
  static ByteBuffer allocate(OnnxJavaType type, int values) {
    return ByteBuffer.allocateDirect(values * bytes(type)).order(ByteOrder.nativeOrder());
  }

  /** Writes {@code count} float32 values at value {@code index} of a float buffer. */
  static void putFloats(ByteBuffer target, int index, float[] values, int count) {
    target.asFloatBuffer().put(index, values, 0, count);
  }

  /** Writes {@code count} integers at value {@code index}, as values of {@code type}. */
  static void putIntegers(ByteBuffer target, OnnxJavaType type, int index, long[] values,
      int count) {
    switch (type) {
      case INT64 -> target.asLongBuffer().put(index, values, 0, count);
      case INT32 -> {
        for (int i = 0; i < count; i++) {
          target.putInt((index + i) * Integer.BYTES, (int) values[i]);
        }
      }
      case INT16 -> {
        for (int i = 0; i < count; i++) {
          target.putShort((index + i) * Short.BYTES, (short) values[i]);
        }
      }
      default -> {
        for (int i = 0; i < count; i++) {
          target.put(index + i, (byte) values[i]);
        }
      }
    }
  }

  /** Sets values {@code [from, to)} to zero (the rows that pad a fixed batch). */
  static void zero(ByteBuffer target, OnnxJavaType type, int from, int to) {
    int size = bytes(type);
    for (int i = from * size; i < to * size; i++) {
      target.put(i, (byte) 0);
    }
  }

  /**
   * The first {@code values} values of {@code target} as the typed buffer ONNX Runtime takes
   * for {@code type} ({@code FloatBuffer}, {@code LongBuffer}, {@code IntBuffer},
   * {@code ShortBuffer}, or the bytes), without a copy.
   */
  static Buffer view(ByteBuffer target, OnnxJavaType type, int values) {
    ByteBuffer bytes = target.duplicate().order(target.order());
    bytes.position(0).limit(values * bytes(type));
    return switch (type) {
      case FLOAT -> bytes.asFloatBuffer();
      case INT64 -> bytes.asLongBuffer();
      case INT32 -> bytes.asIntBuffer();
      case INT16 -> bytes.asShortBuffer();
      default -> bytes;
    };
  }
}
