/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.InputLayer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    try (ModelRunner runner = OnnxRowComputer.runner(store, layers)) {
      List<InputLayer> inputs = OnnxRowComputer.inputs(store, runner);
      List<Map<String, ModelRunner.Feed>> batches = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      for (int from = 0; from < rows.length; from += batch) {
        int count = Math.min(batch, rows.length - from);
        Map<String, ModelRunner.Feed> feeds = new LinkedHashMap<>();
        for (InputLayer input : inputs) {
          OnnxJavaType type = runner.inputs().get(input.input().name()).type;
          int width = input.width();
          ByteBuffer buffer = FeedBuffers.allocate(type, count * width);
          OnnxModelRun.putRows(input, type, buffer, rows, from, count);
          feeds.put(input.input().name(), new ModelRunner.Feed(FeedBuffers.view(buffer, type,
              count * width), OnnxModelRun.shape(count, input.spec().shape()), type));
        }
        batches.add(feeds);
        counts.add(count);
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
        for (int b = 0; b < batches.size(); b++) {
          int count = counts.get(b);
          List<FloatBuffer> out = new ArrayList<>();
          List<long[]> outShapes = new ArrayList<>();
          for (int v = 0; v < outputs.size(); v++) {
            FloatBuffer buffer = outputs.get(v).duplicate();
            buffer.limit(count * buffer.capacity() / batch);
            out.add(buffer);
            outShapes.add(OnnxModelRun.shape(count, shapes.get(v)));
          }
          runner.start(batches.get(b), out, outShapes, options).await();
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
