/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.InputLayer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;

import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor of computing rows of on-demand layers, for the benchmark: ONNX Runtime alone
 * running the same cut model on the same batches as {@link OnnxRowComputer}, its inputs read
 * and transformed beforehand, its outputs written into buffers that nothing reads, nothing
 * written to disk, no SQL.
 */
public final class OnnxRuntimeFloor {
  private OnnxRuntimeFloor() {
  }

  /** Seconds ONNX Runtime takes to compute {@code layers} for {@code rows}, a batch at a time. */
  public static double seconds(Store store, List<LayerSpec> layers, int batch, int[] rows) {
    InputLayer input = store.inputs().get(0);
    try (ModelRunner runner = OnnxRowComputer.runner(store, layers, input)) {
      int width = input.width();
      float[] row = new float[width];
      List<FloatBuffer> batches = new ArrayList<>();
      for (int from = 0; from < rows.length; from += batch) {
        int count = Math.min(batch, rows.length - from);
        FloatBuffer buffer = ByteBuffer.allocateDirect(count * width * Float.BYTES)
            .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < count; i++) {
          input.read(rows[from + i], row);
          buffer.put(i * width, row, 0, width);
        }
        batches.add(buffer);
      }
      List<FloatBuffer> outputs = new ArrayList<>();
      List<int[]> shapes = new ArrayList<>();
      for (String value : runner.values()) {
        LayerSpec layer = layers.stream().filter(l -> l.value().equals(value)).findFirst()
            .orElseThrow();
        outputs.add(ByteBuffer.allocateDirect(batch * layer.width() * Float.BYTES)
            .order(ByteOrder.nativeOrder()).asFloatBuffer());
        shapes.add(layer.shape());
      }
      long start = System.nanoTime();
      try (OrtSession.RunOptions options = ModelRunner.runOptions()) {
        for (FloatBuffer in : batches) {
          int count = in.capacity() / width;
          List<FloatBuffer> out = new ArrayList<>();
          List<long[]> outShapes = new ArrayList<>();
          for (int v = 0; v < outputs.size(); v++) {
            FloatBuffer buffer = outputs.get(v).duplicate();
            buffer.limit(count * buffer.capacity() / batch);
            out.add(buffer);
            outShapes.add(OnnxModelRun.shape(count, shapes.get(v)));
          }
          runner.start(in, OnnxModelRun.shape(count, input.spec().shape()), out, outShapes,
              options).await();
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
