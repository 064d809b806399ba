/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The example architectures (LeNet-5 with batch normalisation, an MLP), the layers exposed as
 * activation tables, and the committed weights.
 *
 * <p>Every model takes flat 784-pixel images in [0, 1]. {@link Architecture#layers()} maps each
 * exposed layer to the index of the DL4J layer whose output it is, so that
 * {@code net.feedForward(x, false).get(index + 1)} is that layer's activation; {@code logits} is
 * not a DL4J layer output and is computed from the last hidden layer and the output layer's
 * weights.
 */
public final class ExampleModels {

  /** Name of the computed pre-softmax layer. */
  public static final String LOGITS = "logits";

  /** One exposed layer: its name, the DL4J layer index whose output it is, its shape. */
  public record LayerSpec(String name, int dl4jIndex, int[] shape) {
    /** Number of values per item. */
    public int width() {
      int w = 1;
      for (int s : shape) {
        w *= s;
      }
      return w;
    }
  }

  /** An example architecture. */
  public enum Architecture {
    /**
     * LeNet-5 with batch norm: conv1 → BN → ReLU → pool → conv2 → BN → ReLU → pool → 120 → 84
     * → 10.
     */
    LENET(List.of(
        new LayerSpec("conv1", 2, new int[] {6, 28, 28}),
        new LayerSpec("conv2", 6, new int[] {16, 10, 10}),
        new LayerSpec("pool2", 7, new int[] {16, 5, 5}),
        new LayerSpec("fc1", 8, new int[] {120}),
        new LayerSpec("fc2", 9, new int[] {84}),
        new LayerSpec(LOGITS, -1, new int[] {10}))),
    /** MLP 784 → 256 → 84 → 10 (ReLU); fc2 is its 84-wide last hidden layer. */
    MLP(List.of(
        new LayerSpec("fc1", 0, new int[] {256}),
        new LayerSpec("fc2", 1, new int[] {84}),
        new LayerSpec(LOGITS, -1, new int[] {10})));

    private final List<LayerSpec> layers;

    Architecture(List<LayerSpec> layers) {
      this.layers = layers;
    }

    /** Exposed layers in order, {@code logits} last. */
    public List<LayerSpec> layers() {
      return layers;
    }

    /** The latent layer (last hidden layer) name. */
    public String latentLayer() {
      return "fc2";
    }

    /** DL4J index of the last hidden layer (input of the output layer). */
    public int lastHiddenIndex() {
      return this == LENET ? 9 : 1;
    }
  }

  /** An example model: store name, architecture, data set, weights file name, description. */
  public enum Example {
    MNIST_LENET("mnist_lenet", Architecture.LENET, ExampleData.Dataset.MNIST, true,
        "LeNet-5 with batch norm on MNIST, after 3 epochs (final)"),
    MNIST_LENET_EPOCH1("mnist_lenet_epoch1", Architecture.LENET, ExampleData.Dataset.MNIST, false,
        "LeNet-5 with batch norm on MNIST, checkpoint after epoch 1"),
    MNIST_LENET_EPOCH2("mnist_lenet_epoch2", Architecture.LENET, ExampleData.Dataset.MNIST, false,
        "LeNet-5 with batch norm on MNIST, checkpoint after epoch 2"),
    MNIST_MLP("mnist_mlp", Architecture.MLP, ExampleData.Dataset.MNIST, false,
        "MLP 784-256-84-10 on MNIST"),
    FASHION_LENET("fashion_lenet", Architecture.LENET, ExampleData.Dataset.FASHION, false,
        "LeNet-5 with batch norm on Fashion-MNIST");

    private final String storeName;
    private final Architecture architecture;
    private final ExampleData.Dataset dataset;
    private final boolean withTrainSplit;
    private final String description;

    Example(String storeName, Architecture architecture, ExampleData.Dataset dataset,
        boolean withTrainSplit, String description) {
      this.storeName = storeName;
      this.architecture = architecture;
      this.dataset = dataset;
      this.withTrainSplit = withTrainSplit;
      this.description = description;
    }

    /** Store (schema) name, also the weights file's base name. */
    public String storeName() {
      return storeName;
    }

    public Architecture architecture() {
      return architecture;
    }

    public ExampleData.Dataset dataset() {
      return dataset;
    }

    /** Whether the store also holds the 60k train split (after the test split). */
    public boolean withTrainSplit() {
      return withTrainSplit;
    }

    public String description() {
      return description;
    }

    /** Weights file name, e.g. {@code mnist_lenet.zip}. */
    public String weightsFile() {
      return storeName + ".zip";
    }

    /** Loads the committed weights (from {@link #modelsDir()} or the class path). */
    public MultiLayerNetwork load() {
      return ExampleModels.load(weightsFile());
    }
  }

  private ExampleModels() {
  }

  /** The LeNet-5 configuration with batch norm, for 28×28×1 flat input and 10 classes. */
  public static MultiLayerConfiguration lenet(long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .updater(new Adam(1e-3))
        .weightInit(WeightInit.XAVIER)
        .list()
        .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nIn(1).nOut(6).stride(1, 1)
            .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().name("bn1").build())
        .layer(new ActivationLayer.Builder().name("relu1").activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1")
            .kernelSize(2, 2).stride(2, 2).build())
        .layer(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(16).stride(1, 1)
            .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().name("bn2").build())
        .layer(new ActivationLayer.Builder().name("relu2").activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2")
            .kernelSize(2, 2).stride(2, 2).build())
        .layer(new DenseLayer.Builder().name("fc1").nOut(120).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().name("fc2").nOut(84).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
            .name("output").nOut(10).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutionalFlat(28, 28, 1))
        .build();
  }

  /** The MLP configuration 784 → 256 → 84 → 10. */
  public static MultiLayerConfiguration mlp(long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .updater(new Adam(1e-3))
        .weightInit(WeightInit.XAVIER)
        .list()
        .layer(new DenseLayer.Builder().name("fc1").nIn(784).nOut(256)
            .activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().name("fc2").nOut(84).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
            .name("output").nOut(10).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.feedForward(784))
        .build();
  }

  /**
   * Where the weights live in a source checkout: {@code -Dboundarysql.models=DIR}, else
   * {@code examples/models} or {@code models} relative to the working directory; null if none.
   */
  public static Path modelsDir() {
    String prop = System.getProperty("boundarysql.models");
    if (prop != null) {
      return Paths.get(prop);
    }
    for (String c : List.of("examples/models", "models", "../examples/models")) {
      Path p = Paths.get(c);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }

  /** Loads a weights file from {@link #modelsDir()}, falling back to the class path. */
  public static MultiLayerNetwork load(String fileName) {
    try {
      Path dir = modelsDir();
      if (dir != null && Files.isRegularFile(dir.resolve(fileName))) {
        return ModelSerializer.restoreMultiLayerNetwork(dir.resolve(fileName).toFile(), false);
      }
      var in = ExampleModels.class.getResourceAsStream("/org/boundarysql/example/models/"
          + fileName);
      if (in == null) {
        throw new IllegalStateException("weights " + fileName + " not found in "
            + (dir == null ? "(no models directory)" : dir.toAbsolutePath())
            + " nor on the class path; run ExampleTraining or pass -Dboundarysql.models=DIR");
      }
      try (in) {
        return ModelSerializer.restoreMultiLayerNetwork(in, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("loading weights " + fileName, e);
    }
  }
}
