/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX Runtime session that returns chosen values of a model (intermediate ones included)
 * for batches of inputs, all through {@link OrtThread}: of one float32 input ({@link #open}),
 * or of every input the values need, each of the element type the model declares
 * ({@link #openFeeds}).
 */
public final class ModelRunner implements AutoCloseable {
  private final OrtSession session;
  private final Map<String, TensorInfo> inputInfos;
  private final List<String> values;

  /** The values computed for one batch: each value's data, row-major, and its shape. */
  public record Batch(Map<String, float[]> data, Map<String, long[]> shapes) { }

  /**
   * One input's values for a batch: a direct buffer in native order of the element type
   * ({@code FloatBuffer} for float32, {@code LongBuffer} for int64, {@code IntBuffer} for
   * int32, {@code ShortBuffer} for int16, {@code ByteBuffer} for int8, uint8 and bool), and
   * the shape.
   */
  public record Feed(Buffer data, long[] shape, OnnxJavaType type) { }

  private ModelRunner(OrtSession session, Map<String, TensorInfo> inputInfos,
      List<String> values) {
    this.session = session;
    this.inputInfos = inputInfos;
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

  /**
   * Opens a session returning {@code layers}' values (alias to value name), fed every input
   * those values need, of any element type; fails unless every value is float32.
   */
  public static ModelRunner openFeeds(OnnxModel model, Map<String, String> layers) {
    List<String> values = layers.values().stream().distinct().toList();
    for (Map.Entry<String, String> layer : layers.entrySet()) {
      model.requireValue(layer.getValue(), "layer " + layer.getKey());
    }
    OrtSession session = session(model, values);
    return OrtThread.call(() -> checked(model, layers, null, values, session));
  }

  private static ModelRunner checked(OnnxModel model, Map<String, String> layers,
      String floatInput, List<String> values, OrtSession session) {
    try {
      Map<String, TensorInfo> inputInfos = new LinkedHashMap<>();
      for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
        TensorInfo info = tensorInfo(input.getValue());
        if (info == null) {
          throw new IllegalArgumentException("the model's input '" + input.getKey() + "' is "
              + input.getValue().getInfo() + ", not a tensor; capture feeds tensors");
        }
        inputInfos.put(input.getKey(), info);
      }
      if (floatInput != null) {
        TensorInfo inputInfo = inputInfos.get(floatInput);
        if (inputInfo == null || inputInfo.type != OnnxJavaType.FLOAT) {
          throw new IllegalArgumentException("the model's input '" + floatInput + "' is "
              + (inputInfo == null ? "not a tensor" : inputInfo.type)
              + "; this feeds float32 inputs (export the model with a float input)");
        }
        inputInfos.keySet().retainAll(List.of(floatInput));
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
      return new ModelRunner(session, inputInfos, values);
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

  /** The first input's name (the only one of a runner from {@link #open}). */
  public String input() {
    return inputInfos.keySet().iterator().next();
  }

  /** The inputs this session is fed, by name, as the model declares them. */
  public Map<String, TensorInfo> inputs() {
    return inputInfos;
  }

  /** The first input's shape as the model declares it, -1 for a dynamic dimension. */
  public long[] inputShape() {
    return inputInfos.get(input()).getShape();
  }

  /** The first input's dimension names ("" where a dimension is fixed or unnamed). */
  public String[] inputDimensionNames() {
    return inputInfos.get(input()).getDimensionNames();
  }

  /** The batch size the model was exported with, or 0 if its batch dimension is dynamic. */
  public int fixedBatch() {
    for (TensorInfo info : inputInfos.values()) {
      long[] shape = info.getShape();
      if (shape.length > 0 && shape[0] > 0) {
        return Math.toIntExact(shape[0]);
      }
    }
    return 0;
  }

  /** The values the session returns, each once, in the order {@link #start} takes outputs. */
  public List<String> values() {
    return values;
  }

  /**
   * Starts the model over a batch of every input this session is fed ({@code feeds}, direct
   * buffers) on the ONNX Runtime thread; ONNX Runtime writes each value of {@link #values()}
   * into its buffer ({@code outputs}, direct, native order) of the given shape, without a
   * copy. The run's {@code options} (see {@link #runOptions()}) let a waiter terminate it.
   */
  RunningBatch start(Map<String, Feed> feeds, List<FloatBuffer> outputs,
      List<long[]> outputShapes, OrtSession.RunOptions options) {
    return new RunningBatch(OrtThread.submit(() -> {
      runPinned(feeds, outputs, outputShapes, options);
      return null;
    }), options);
  }

  private void runPinned(Map<String, Feed> feeds, List<FloatBuffer> outputs,
      List<long[]> outputShapes, OrtSession.RunOptions options) throws OrtException {
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
    try {
      for (String name : inputInfos.keySet()) {
        tensors.put(name, tensor(feeds.get(name)));
      }
      for (int i = 0; i < values.size(); i++) {
        pinned.put(values.get(i), OnnxTensor.createTensor(OrtThread.environment(),
            outputs.get(i), outputShapes.get(i)));
      }
      try (OrtSession.Result result = session.run(tensors, Set.of(), pinned, options)) {
        // the values are in the pinned buffers
      }
    } finally {
      tensors.values().forEach(OnnxTensor::close);
      pinned.values().forEach(OnnxTensor::close);
    }
  }

  /** Options for runs of {@link #start}; the caller closes them after its last run. */
  static OrtSession.RunOptions runOptions() {
    return OrtThread.call(OrtSession.RunOptions::new);
  }

  /** Runs the model over the rows in {@code input} (a direct buffer) of the given shape. */
  public Batch run(FloatBuffer input, long[] shape) {
    return run(Map.of(input(), new Feed(input, shape, OnnxJavaType.FLOAT)));
  }

  /** Runs the model over a batch of every input this session is fed (others are ignored). */
  public Batch run(Map<String, Feed> feeds) {
    return OrtThread.call(() -> runHere(feeds));
  }

  private Batch runHere(Map<String, Feed> feeds) {
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    try {
      for (String name : inputInfos.keySet()) {
        Feed feed = feeds.get(name);
        if (feed == null) {
          throw new IllegalArgumentException("no values for the model's input '" + name + "'");
        }
        tensors.put(name, tensor(feed));
      }
      return runHere(tensors, feeds.values().iterator().next().shape());
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime cannot take the inputs: "
          + e.getMessage(), e);
    } finally {
      tensors.values().forEach(OnnxTensor::close);
    }
  }

  private static OnnxTensor tensor(Feed feed) throws OrtException {
    OrtEnvironment env = OrtThread.environment();
    Buffer data = feed.data();
    if (data instanceof FloatBuffer f) {
      return OnnxTensor.createTensor(env, f, feed.shape());
    } else if (data instanceof LongBuffer l) {
      return OnnxTensor.createTensor(env, l, feed.shape());
    } else if (data instanceof IntBuffer i) {
      return OnnxTensor.createTensor(env, i, feed.shape());
    } else if (data instanceof ShortBuffer s) {
      return OnnxTensor.createTensor(env, s, feed.shape(), feed.type());
    } else if (data instanceof ByteBuffer b) {
      return OnnxTensor.createTensor(env, b, feed.shape(), feed.type());
    }
    throw new IllegalArgumentException("no tensor of " + data.getClass());
  }

  private Batch runHere(Map<String, OnnxTensor> tensors, long[] shape) {
    Map<String, float[]> data = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    try (OrtSession.Result result = session.run(tensors)) {
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
