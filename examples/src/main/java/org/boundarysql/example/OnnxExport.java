/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.boundarysql.capture.ModelBuilder;
import org.boundarysql.capture.NpyArray;
import org.boundarysql.store.NpyDtype;

import ai.onnx.proto.OnnxMl;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.boundarysql.capture.ModelBuilder.integer;
import static org.boundarysql.capture.ModelBuilder.ints;
import static org.boundarysql.capture.ModelBuilder.real;
import static org.boundarysql.capture.ModelBuilder.value;

/**
 * Exports the example LeNet-5 ({@code mnist_lenet.zip}) to ONNX, as PyTorch would name its
 * values ({@code /relu2/Relu_output_0}), so that {@code ./boundary capture} can run it with ONNX
 * Runtime; with {@code --mnist DIR} also writes the MNIST splits as {@code .npy} files
 * (images uint8 [N, 1, 28, 28], labels uint8 [N]).
 *
 * <pre>
 * OnnxExport [--out examples/models/mnist_lenet.onnx] [--mnist DIR] [--data DIR]
 * </pre>
 */
public final class OnnxExport {
  private static final OnnxMl.TensorProto.DataType FLOAT = OnnxMl.TensorProto.DataType.FLOAT;

  private OnnxExport() {
  }

  /** The value of each store layer in the exported graph, in store order. */
  public static Map<String, String> lenetValues() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("conv1", "/relu1/Relu_output_0");
    values.put("conv2", "/relu2/Relu_output_0");
    values.put("pool2", "/pool2/MaxPool_output_0");
    values.put("fc1", "/fc1/Relu_output_0");
    values.put("fc2", "/fc2/Relu_output_0");
    values.put(ExampleModels.LOGITS, ExampleModels.LOGITS);
    return values;
  }

  /** The LeNet-5 network (see {@link ExampleModels#lenet}) as an ONNX model, batch dynamic. */
  public static OnnxMl.ModelProto lenet(MultiLayerNetwork net) {
    ModelBuilder graph = new ModelBuilder("mnist_lenet")
        .input(value("image", FLOAT, "batch", 1L, 28L, 28L));
    String x = convBlock(graph, net, "image", 0, 1, List.of(2, 2, 2, 2));
    x = pool(graph, "pool1", x);
    x = convBlock(graph, net, x, 4, 2, List.of(0, 0, 0, 0));
    x = pool(graph, "pool2", x);
    graph.node("Flatten", List.of(x), "/Flatten_output_0", integer("axis", 1));
    x = dense(graph, net.getLayer(8), "fc1", "/Flatten_output_0");
    graph.node("Relu", List.of(x), "/fc1/Relu_output_0");
    x = dense(graph, net.getLayer(9), "fc2", "/fc1/Relu_output_0");
    graph.node("Relu", List.of(x), "/fc2/Relu_output_0");
    Layer output = net.getLayer(10);
    graph.weights("output.weight", floats(output.getParam("W")), 84, 10)
        .weights("output.bias", floats(output.getParam("b")), 10)
        .node("Gemm", List.of("/fc2/Relu_output_0", "output.weight", "output.bias"),
            ExampleModels.LOGITS)
        .node("Softmax", List.of(ExampleModels.LOGITS), "probabilities", integer("axis", 1))
        .output(value(ExampleModels.LOGITS, FLOAT, "batch", 10L))
        .output(value("probabilities", FLOAT, "batch", 10L));
    return graph.build();
  }

  /** Conv (DL4J layer {@code index}) → BatchNormalization → Relu; returns the Relu output. */
  private static String convBlock(ModelBuilder graph, MultiLayerNetwork net, String input,
      int index, int number, List<Integer> pads) {
    String conv = "conv" + number;
    String bn = "bn" + number;
    INDArray w = net.getLayer(index).getParam("W");
    graph.weights(conv + ".weight", floats(w), w.shape())
        .weights(conv + ".bias", floats(net.getLayer(index).getParam("b")), w.shape()[0])
        .node("Conv", List.of(input, conv + ".weight", conv + ".bias"),
            "/" + conv + "/Conv_output_0", ints("kernel_shape", w.shape()[2], w.shape()[3]),
            ints("pads", pads.stream().mapToLong(Integer::longValue).toArray()));
    Layer norm = net.getLayer(index + 1);
    BatchNormalization conf = (BatchNormalization) norm.conf().getLayer();
    float[] variance;
    if (norm.paramTable().containsKey("log10stdev")) {
      // DL4J keeps log10(sqrt(var + eps)); ONNX wants var
      float[] log10std = floats(norm.getParam("log10stdev"));
      variance = new float[log10std.length];
      for (int c = 0; c < variance.length; c++) {
        double std = Math.pow(10, log10std[c]);
        variance[c] = (float) (std * std);
      }
    } else {
      variance = floats(norm.getParam("var"));
    }
    long channels = variance.length;
    String out = "/" + bn + "/BatchNormalization_output_0";
    graph.weights(bn + ".weight", floats(norm.getParam("gamma")), channels)
        .weights(bn + ".bias", floats(norm.getParam("beta")), channels)
        .weights(bn + ".running_mean", floats(norm.getParam("mean")), channels)
        .weights(bn + ".running_var", variance, channels)
        .node("BatchNormalization", List.of("/" + conv + "/Conv_output_0", bn + ".weight",
            bn + ".bias", bn + ".running_mean", bn + ".running_var"), out,
            real("epsilon", (float) conf.getEps()))
        .node("Relu", List.of(out), "/relu" + number + "/Relu_output_0");
    return "/relu" + number + "/Relu_output_0";
  }

  private static String pool(ModelBuilder graph, String name, String input) {
    String out = "/" + name + "/MaxPool_output_0";
    graph.node("MaxPool", List.of(input), out, ints("kernel_shape", 2, 2), ints("strides", 2, 2));
    return out;
  }

  /** Gemm with a DL4J dense layer's weights ([nIn, nOut]) and bias; returns its output. */
  private static String dense(ModelBuilder graph, Layer layer, String name, String input) {
    INDArray w = layer.getParam("W");
    String out = "/" + name + "/Gemm_output_0";
    graph.weights(name + ".weight", floats(w), w.shape())
        .weights(name + ".bias", floats(layer.getParam("b")), w.shape()[1])
        .node("Gemm", List.of(input, name + ".weight", name + ".bias"), out);
    return out;
  }

  private static float[] floats(INDArray array) {
    return array.dup('c').data().asFloat();
  }

  /** Writes a split as {@code mnist_SPLIT_images.npy} (uint8) and {@code _labels.npy}. */
  public static void writeMnist(ExampleData.Split split, Path dir) throws IOException {
    int n = split.size();
    ByteBuffer labels = ByteBuffer.allocate(n);
    for (int i = 0; i < n; i++) {
      labels.put((byte) split.labels()[i]);
    }
    Files.createDirectories(dir);
    NpyArray.write(dir.resolve("mnist_" + split.name() + "_images.npy"), NpyDtype.UINT8,
        new long[] {n, 1, ExampleData.SIDE, ExampleData.SIDE}, split.pixels());
    NpyArray.write(dir.resolve("mnist_" + split.name() + "_labels.npy"), NpyDtype.UINT8,
        new long[] {n}, labels.flip());
  }

  /** Writes the example LeNet (committed weights) as an ONNX model into {@code out}. */
  public static void exportLenet(Path out) throws IOException {
    Files.write(out, lenet(ExampleModels.Example.MNIST_LENET.load()).toByteArray());
    System.err.println("wrote " + out + " (" + Files.size(out) + " bytes)");
  }

  /**
   * Writes the MNIST splits as {@code mnist_{test,train}_{images,labels}.npy} (uint8) into
   * {@code dir}, from {@code data} or the data cache: inputs for {@code ./boundary capture}.
   */
  public static void writeMnist(Path dir, Path data) throws IOException {
    for (String split : List.of("test", "train")) {
      writeMnist(ExampleData.load(ExampleData.Dataset.MNIST, split, data), dir);
    }
    System.err.println("wrote mnist_{test,train}_{images,labels}.npy into " + dir);
  }
}
