/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.NpyDtype;

import ai.onnx.proto.OnnxMl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.boundarysql.capture.ModelBuilder.integer;
import static org.boundarysql.capture.ModelBuilder.ints;
import static org.boundarysql.capture.ModelBuilder.value;

/**
 * Small models written with the ONNX builders, their weights, and the same models computed by
 * hand with plain loops, which the captured values are checked against.
 */
final class TestModels {
  static final OnnxMl.TensorProto.DataType FLOAT = OnnxMl.TensorProto.DataType.FLOAT;

  /** Gemm → Relu → Gemm (logits) → ArgMax: 4 inputs, 3 hidden, 3 classes. */
  static final float[] W1 = randoms(12, 1);
  static final float[] B1 = randoms(3, 2);
  static final float[] W2 = randoms(9, 3);
  static final float[] B2 = randoms(3, 4);

  /** Conv 3×3 (1 → 2 channels, padding 1) → Relu → MaxPool 2 → Flatten → Gemm (3 classes). */
  static final float[] CONV_W = randoms(18, 5);
  static final float[] CONV_B = randoms(2, 6);
  static final float[] FC_W = randoms(24, 7);
  static final float[] FC_B = randoms(3, 8);

  private TestModels() {
  }

  static float[] randoms(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  /** The Gemm model; {@code batch} is "batch" (dynamic) or a fixed Long. */
  static ModelBuilder gemm(Object batch) {
    return new ModelBuilder("gemm")
        .input(value("x", FLOAT, batch, 4L))
        .weights("fc1.weight", W1, 4, 3).weights("fc1.bias", B1, 3)
        .weights("fc2.weight", W2, 3, 3).weights("fc2.bias", B2, 3)
        .node("Gemm", List.of("x", "fc1.weight", "fc1.bias"), "/fc1/Gemm_output_0")
        .node("Relu", List.of("/fc1/Gemm_output_0"), "/fc1/Relu_output_0")
        .node("Gemm", List.of("/fc1/Relu_output_0", "fc2.weight", "fc2.bias"), "logits")
        .node("ArgMax", List.of("logits"), "pred", integer("axis", 1), integer("keepdims", 0))
        .output(value("logits", FLOAT, batch, 3L))
        .output(value("pred", OnnxMl.TensorProto.DataType.INT64, batch));
  }

  /** The Gemm model with its first weight matrix in the external file {@code dir/file}. */
  static OnnxMl.ModelProto externalWeights(Path dir, String file) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(W1.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(W1);
    Files.write(dir.resolve(file), bytes.array());
    OnnxMl.TensorProto external = OnnxMl.TensorProto.newBuilder().setName("fc1.weight")
        .setDataType(FLOAT.getNumber()).addDims(4).addDims(3)
        .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
        .addExternalData(entry("location", file)).addExternalData(entry("offset", "0"))
        .addExternalData(entry("length", Integer.toString(W1.length * 4))).build();
    OnnxMl.ModelProto model = gemm("batch").build();
    return model.toBuilder().setGraph(model.getGraph().toBuilder().setInitializer(0, external))
        .build();
  }

  private static OnnxMl.StringStringEntryProto entry(String key, String value) {
    return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  /** The Gemm model's hidden layer (after Relu) for one input row. */
  static float[] gemmHidden(float[] x) {
    float[] h = new float[3];
    for (int j = 0; j < 3; j++) {
      double s = B1[j];
      for (int i = 0; i < 4; i++) {
        s += x[i] * W1[i * 3 + j];
      }
      h[j] = (float) Math.max(0, s);
    }
    return h;
  }

  /** The Gemm model's logits for one input row. */
  static float[] gemmLogits(float[] x) {
    float[] h = gemmHidden(x);
    float[] logits = new float[3];
    for (int k = 0; k < 3; k++) {
      double s = B2[k];
      for (int j = 0; j < 3; j++) {
        s += h[j] * W2[j * 3 + k];
      }
      logits[k] = (float) s;
    }
    return logits;
  }

  /** The convolutional model, input [batch, 1, 4, 4]. */
  static ModelBuilder conv() {
    return new ModelBuilder("conv")
        .input(value("image", FLOAT, "batch", 1L, 4L, 4L))
        .weights("conv.weight", CONV_W, 2, 1, 3, 3).weights("conv.bias", CONV_B, 2)
        .weights("fc.weight", FC_W, 8, 3).weights("fc.bias", FC_B, 3)
        .node("Conv", List.of("image", "conv.weight", "conv.bias"), "/conv/Conv_output_0",
            ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1))
        .node("Relu", List.of("/conv/Conv_output_0"), "/relu/Relu_output_0")
        .node("MaxPool", List.of("/relu/Relu_output_0"), "/pool/MaxPool_output_0",
            ints("kernel_shape", 2, 2), ints("strides", 2, 2))
        .node("Flatten", List.of("/pool/MaxPool_output_0"), "/flatten/Flatten_output_0",
            integer("axis", 1))
        .node("Gemm", List.of("/flatten/Flatten_output_0", "fc.weight", "fc.bias"), "logits")
        .output(value("logits", FLOAT, "batch", 3L));
  }

  /**
   * A slow model: {@code depth} layers of {@code width × width} MatMul and Relu (one weight
   * matrix shared), logits from the first; {@code /l0/Relu} is cheap, the last Relu is not.
   */
  static ModelBuilder slow(int width, int depth) {
    float[] w = randoms(width * width, 31);
    for (int i = 0; i < w.length; i++) {
      w[i] /= (float) Math.sqrt(width);
    }
    ModelBuilder graph = new ModelBuilder("slow")
        .input(value("x", FLOAT, "batch", (long) width))
        .weights("w", w, width, width).weights("out", randoms(width * 3, 32), width, 3);
    String x = "x";
    for (int l = 0; l < depth; l++) {
      graph.node("MatMul", List.of(x, "w"), "/l" + l + "/MatMul");
      graph.node("Relu", List.of("/l" + l + "/MatMul"), "/l" + l + "/Relu");
      x = "/l" + l + "/Relu";
    }
    return graph.node("MatMul", List.of("/l0/Relu", "out"), "logits")
        .output(value("logits", FLOAT, "batch", 3L));
  }

  /** The conv model's Relu output [2][4][4] for one 4×4 image, flattened. */
  static float[] convRelu(float[] image) {
    float[] out = new float[32];
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          double s = CONV_B[c];
          for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
              int iy = y + ky - 1;
              int ix = x + kx - 1;
              if (iy >= 0 && iy < 4 && ix >= 0 && ix < 4) {
                s += image[iy * 4 + ix] * CONV_W[c * 9 + ky * 3 + kx];
              }
            }
          }
          out[c * 16 + y * 4 + x] = (float) Math.max(0, s);
        }
      }
    }
    return out;
  }

  /** The conv model's max-pooled output [2][2][2] for one image, flattened. */
  static float[] convPool(float[] image) {
    float[] relu = convRelu(image);
    float[] out = new float[8];
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 2; x++) {
          float m = Float.NEGATIVE_INFINITY;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
              m = Math.max(m, relu[c * 16 + (2 * y + dy) * 4 + 2 * x + dx]);
            }
          }
          out[c * 4 + y * 2 + x] = m;
        }
      }
    }
    return out;
  }

  /** The conv model's logits for one image. */
  static float[] convLogits(float[] image) {
    float[] pool = convPool(image);
    float[] logits = new float[3];
    for (int k = 0; k < 3; k++) {
      double s = FC_B[k];
      for (int j = 0; j < 8; j++) {
        s += pool[j] * FC_W[j * 3 + k];
      }
      logits[k] = (float) s;
    }
    return logits;
  }

  /** Writes float32 rows as a .npy of shape [rows, rowShape...]. */
  static Path writeFloats(Path file, float[][] rows, long... rowShape) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(rows.length * rows[0].length * 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : rows) {
      for (float v : row) {
        data.putFloat(v);
      }
    }
    return write(file, NpyDtype.FLOAT32, rows.length, rowShape, data.flip());
  }

  /** Writes labels as an int64 .npy of shape [N]. */
  static Path writeLabels(Path file, int[] labels) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(labels.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int label : labels) {
      data.putLong(label);
    }
    return write(file, NpyDtype.INT64, labels.length, new long[0], data.flip());
  }

  static Path write(Path file, NpyDtype dtype, long rows, long[] rowShape,
      ByteBuffer data) throws IOException {
    long[] shape = new long[rowShape.length + 1];
    shape[0] = rows;
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    NpyArray.write(file, dtype, shape, data);
    return file;
  }
}
