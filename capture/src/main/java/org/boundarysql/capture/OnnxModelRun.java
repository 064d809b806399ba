/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.ondemand.ModelRun;
import org.boundarysql.store.InputLayer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.task.Cancellation;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A store's model computing some of its on-demand layers with ONNX Runtime, batch after batch:
 * the inputs of a batch are read from the store's input files into direct buffers of the
 * element types the model declares (float inputs transformed, integer inputs exact) while the
 * model runs the previous batch, and ONNX Runtime writes each layer straight into a buffer of
 * its own (no copy), handed to the sink while the model runs the next batch.
 */
final class OnnxModelRun implements ModelRun {
  private final ModelRunner runner;
  /** The store's values of each input the model is fed, in the runner's order. */
  private final List<InputLayer> inputs;
  private final List<OnnxJavaType> types;
  private final List<LayerSpec> layers;
  /** For each layer, the index of its value among the runner's values. */
  private final int[] valueOf;
  private final int batch;
  /** The batch every run must have (a model exported with a fixed batch), or 0. */
  private final int fixedBatch;
  /** Per slot, each input's buffer. */
  private final List<List<ByteBuffer>> feeds = new ArrayList<>();
  private final List<List<FloatBuffer>> outputs = new ArrayList<>();
  private final List<List<ByteBuffer>> outputBytes = new ArrayList<>();

  /** Runs {@code runner} fed {@code inputs}: the store's values of each input it is fed. */
  OnnxModelRun(ModelRunner runner, List<InputLayer> inputs, List<LayerSpec> layers, int batch) {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new UnsupportedOperationException("on-demand layers need a little-endian machine");
    }
    this.runner = runner;
    this.inputs = List.copyOf(inputs);
    this.types = inputs.stream().map(i -> runner.inputs().get(i.input().name()).type).toList();
    this.layers = List.copyOf(layers);
    this.valueOf = layers.stream().mapToInt(l -> runner.values().indexOf(l.value())).toArray();
    this.fixedBatch = runner.fixedBatch();
    this.batch = fixedBatch > 0 ? fixedBatch : batch;
    for (int slot = 0; slot < 2; slot++) {
      List<ByteBuffer> fed = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        fed.add(FeedBuffers.allocate(types.get(i), this.batch * inputs.get(i).width()));
      }
      feeds.add(fed);
      List<FloatBuffer> floats = new ArrayList<>();
      List<ByteBuffer> bytes = new ArrayList<>();
      for (String value : runner.values()) {
        int width = layers.stream().filter(l -> l.value().equals(value)).findFirst()
            .orElseThrow().width();
        ByteBuffer buffer = ByteBuffer.allocateDirect(this.batch * width * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
        bytes.add(buffer);
        floats.add(buffer.asFloatBuffer());
      }
      outputs.add(floats);
      outputBytes.add(bytes);
    }
  }

  @Override public int batch() {
    return batch;
  }

  @Override public synchronized void run(int[] rows, BatchSink sink) throws IOException {
    int batches = (rows.length + batch - 1) / batch;
    RunningBatch running = null;
    int ranFrom = 0;
    try (OrtSession.RunOptions options = ModelRunner.runOptions()) {
      for (int b = 0; b <= batches; b++) {
        int slot = b % 2;
        int from = b * batch;
        int count = Math.min(batch, rows.length - from);
        if (b < batches) {
          fill(feeds.get(slot), rows, from, count);
        }
        if (running != null) {
          RunningBatch previous = running;
          running = null;
          previous.await();
        }
        if (b < batches) {
          Cancellation.checkCurrent();
          running = start(slot, count, options);
        }
        if (b > 0) {
          int previousCount = Math.min(batch, rows.length - ranFrom);
          sink.accept(ranFrom, previousCount, values(1 - slot, previousCount));
        }
        ranFrom = from;
      }
    } finally {
      if (running != null) {
        running.await();
      }
    }
  }

  /** Runs batches of the first rows and returns the items per second, for measuring. */
  double timeRows(int[] rows) throws IOException {
    long start = System.nanoTime();
    run(rows, (from, count, values) -> { });
    return rows.length / ((System.nanoTime() - start) / 1e9);
  }

  private RunningBatch start(int slot, int count, OrtSession.RunOptions options) {
    int fed = fixedBatch > 0 ? fixedBatch : count;
    List<FloatBuffer> out = new ArrayList<>();
    List<long[]> shapes = new ArrayList<>();
    for (int v = 0; v < runner.values().size(); v++) {
      FloatBuffer buffer = outputs.get(slot).get(v).duplicate();
      int width = buffer.capacity() / batch;
      buffer.position(0).limit(fed * width);
      out.add(buffer);
      shapes.add(shape(fed, layerOfValue(v).shape()));
    }
    Map<String, ModelRunner.Feed> in = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      InputLayer input = inputs.get(i);
      in.put(input.input().name(), new ModelRunner.Feed(FeedBuffers.view(
          feeds.get(slot).get(i), types.get(i), fed * input.width()),
          shape(fed, input.spec().shape()), types.get(i)));
    }
    return runner.start(in, out, shapes, options);
  }

  private LayerSpec layerOfValue(int value) {
    for (int l = 0; l < layers.size(); l++) {
      if (valueOf[l] == value) {
        return layers.get(l);
      }
    }
    throw new IllegalStateException("no layer reads value " + runner.values().get(value));
  }

  private List<ByteBuffer> values(int slot, int count) {
    List<ByteBuffer> values = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      ByteBuffer buffer = outputBytes.get(slot).get(valueOf[l]).duplicate()
          .order(ByteOrder.LITTLE_ENDIAN);
      buffer.position(0).limit(count * layers.get(l).width() * Float.BYTES);
      values.add(buffer);
    }
    return values;
  }

  /**
   * Reads the inputs of {@code rows[from..from + count)} into a slot's buffers; zero-padded to
   * a fixed batch.
   */
  private void fill(List<ByteBuffer> target, int[] rows, int from, int count) {
    int fed = fixedBatch > 0 ? fixedBatch : count;
    for (int k = 0; k < inputs.size(); k++) {
      putRows(inputs.get(k), types.get(k), target.get(k), rows, from, count);
      int width = inputs.get(k).width();
      FeedBuffers.zero(target.get(k), types.get(k), count * width, fed * width);
    }
  }

  /**
   * Writes the values of {@code input} for {@code rows[from..from + count)} into
   * {@code target} as the model is fed them: a float input transformed, an integer input
   * exact.
   */
  static void putRows(InputLayer input, OnnxJavaType type, ByteBuffer target, int[] rows,
      int from, int count) {
    int width = input.width();
    float[] floats = type == OnnxJavaType.FLOAT ? new float[width] : null;
    long[] integers = floats == null ? new long[width] : null;
    for (int i = 0; i < count; i++) {
      if (floats != null) {
        input.read(rows[from + i], floats);
        FeedBuffers.putFloats(target, i * width, floats, width);
      } else {
        input.readIntegers(rows[from + i], integers);
        FeedBuffers.putIntegers(target, type, i * width, integers, width);
      }
    }
  }

  /** The shape of {@code rows} rows of shape {@code rowShape}. */
  static long[] shape(int rows, int[] rowShape) {
    long[] shape = new long[rowShape.length + 1];
    shape[0] = rows;
    for (int i = 0; i < rowShape.length; i++) {
      shape[i + 1] = rowShape[i];
    }
    return shape;
  }

  @Override public void close() {
    runner.close();
  }
}
