/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX Runtime session that returns chosen values of a model (intermediate ones included)
 * for batches of float32 inputs, all through {@link OrtThread}.
 */
public final class ModelRunner implements AutoCloseable {
  private final OrtSession session;
  private final String input;
  private final TensorInfo inputInfo;
  private final List<String> values;

  /** The values computed for one batch: each value's data, row-major, and its shape. */
  public record Batch(Map<String, float[]> data, Map<String, long[]> shapes) { }

  private ModelRunner(OrtSession session, String input, TensorInfo inputInfo,
      List<String> values) {
    this.session = session;
    this.input = input;
    this.inputInfo = inputInfo;
    this.values = values;
  }

  /**
   * Opens a session returning {@code layers}' values (alias to value name); fails with a clear
   * message unless the model has one float32 input and every value is float32.
   */
  public static ModelRunner open(OnnxModel model, Map<String, String> layers) {
    List<String> values = layers.values().stream().distinct().toList();
    for (Map.Entry<String, String> layer : layers.entrySet()) {
      model.requireValue(layer.getValue(), "layer " + layer.getKey());
    }
    List<String> inputs = model.inputs();
    if (inputs.size() != 1) {
      throw new IllegalArgumentException(model.file() + " has " + inputs.size() + " inputs "
          + inputs + "; capture feeds models with one input");
    }
    OrtSession session = session(model, values);
    return OrtThread.call(() -> checked(model, layers, inputs.get(0), values, session));
  }

  private static ModelRunner checked(OnnxModel model, Map<String, String> layers, String input,
      List<String> values, OrtSession session) {
    try {
      TensorInfo inputInfo = tensorInfo(session.getInputInfo().get(input));
      if (inputInfo == null || inputInfo.type != OnnxJavaType.FLOAT) {
        throw new IllegalArgumentException("the model's input '" + input + "' is "
            + (inputInfo == null ? "not a tensor" : inputInfo.type)
            + "; capture feeds float32 inputs (export the model with a float input)");
      }
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      for (Map.Entry<String, String> layer : layers.entrySet()) {
        TensorInfo info = tensorInfo(outputs.get(layer.getValue()));
        if (info == null || info.type != OnnxJavaType.FLOAT) {
          throw new IllegalArgumentException("layer " + layer.getKey() + ": value '"
              + layer.getValue() + "' (" + model.operator(layer.getValue()).orElse("input")
              + ") is " + (info == null ? "not a tensor"
                  : info.type.toString().toLowerCase(Locale.ROOT))
              + ", not float32; only float32 values can be stored as activations");
        }
      }
      return new ModelRunner(session, input, inputInfo, values);
    } catch (OrtException e) {
      close(session);
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      close(session);
      throw e;
    }
  }

  /** A session of {@code model} returning {@code outputs}; ONNX Runtime logs errors only. */
  static OrtSession session(OnnxModel model, List<String> outputs) {
    return OrtThread.call(() -> createSession(model, outputs));
  }

  private static OrtSession createSession(OnnxModel model, List<String> outputs) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      if (model.hasExternalData()) {
        options.addConfigEntry("session.model_external_initializers_file_folder_path",
            model.directory().toString());
      }
      return OrtThread.environment().createSession(model.withOutputs(outputs), options);
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime cannot load " + model.file() + ": "
          + e.getMessage(), e);
    }
  }

  private static TensorInfo tensorInfo(NodeInfo node) {
    return node != null && node.getInfo() instanceof TensorInfo info ? info : null;
  }

  private static void close(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The input's name. */
  public String input() {
    return input;
  }

  /** The input's shape as the model declares it, -1 for a dynamic dimension. */
  public long[] inputShape() {
    return inputInfo.getShape();
  }

  /** The input's dimension names ("" where a dimension is fixed or unnamed). */
  public String[] inputDimensionNames() {
    return inputInfo.getDimensionNames();
  }

  /** The batch size the model was exported with, or 0 if its batch dimension is dynamic. */
  public int fixedBatch() {
    long first = inputShape()[0];
    return first > 0 ? Math.toIntExact(first) : 0;
  }

  /** The values the session returns, each once, in the order {@link #start} takes outputs. */
  public List<String> values() {
    return values;
  }

  /**
   * Starts the model over the rows in {@code input} (a direct buffer) of the given shape on
   * the ONNX Runtime thread; ONNX Runtime writes each value of {@link #values()} into its
   * buffer ({@code outputs}, direct, native order) of the given shape, without a copy. The
   * run's {@code options} (see {@link #runOptions()}) let a waiter terminate it.
   */
  RunningBatch start(FloatBuffer input, long[] shape, List<FloatBuffer> outputs,
      List<long[]> outputShapes, OrtSession.RunOptions options) {
    return new RunningBatch(OrtThread.submit(() -> {
      runPinned(input, shape, outputs, outputShapes, options);
      return null;
    }), options);
  }

  private void runPinned(FloatBuffer input, long[] shape, List<FloatBuffer> outputs,
      List<long[]> outputShapes, OrtSession.RunOptions options) throws OrtException {
    Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
    try (OnnxTensor tensor = OnnxTensor.createTensor(OrtThread.environment(), input, shape)) {
      for (int i = 0; i < values.size(); i++) {
        pinned.put(values.get(i), OnnxTensor.createTensor(OrtThread.environment(),
            outputs.get(i), outputShapes.get(i)));
      }
      try (OrtSession.Result result = session.run(Map.of(this.input, tensor), Set.of(), pinned,
          options)) {
        // the values are in the pinned buffers
      }
    } finally {
      pinned.values().forEach(OnnxTensor::close);
    }
  }

  /** Options for runs of {@link #start}; the caller closes them after its last run. */
  static OrtSession.RunOptions runOptions() {
    return OrtThread.call(OrtSession.RunOptions::new);
  }

  /** Runs the model over the rows in {@code input} (a direct buffer) of the given shape. */
  public Batch run(FloatBuffer input, long[] shape) {
    return OrtThread.call(() -> runHere(input, shape));
  }

  private Batch runHere(FloatBuffer input, long[] shape) {
    Map<String, float[]> data = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    try (OnnxTensor tensor = OnnxTensor.createTensor(OrtThread.environment(), input, shape);
        OrtSession.Result result = session.run(Map.of(this.input, tensor))) {
      for (String value : values) {
        OnnxTensor output = (OnnxTensor) result.get(value).orElseThrow();
        FloatBuffer buffer = output.getFloatBuffer();
        float[] copy = new float[buffer.remaining()];
        buffer.get(copy);
        data.put(value, copy);
        shapes.put(value, output.getInfo().getShape());
      }
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime failed on input of shape "
          + Arrays.toString(shape) + ": " + e.getMessage(), e);
    }
    return new Batch(data, shapes);
  }

  @Override public void close() {
    OrtThread.call(() -> {
      close(session);
      return null;
    });
  }
}
