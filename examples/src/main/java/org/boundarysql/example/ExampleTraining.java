/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains the example models with fixed seeds and writes their weights ({@code ./boundary train}):
 * LeNet-5 with batch norm on MNIST (a checkpoint per epoch), an MLP on MNIST, LeNet-5 on
 * Fashion-MNIST. With checkpoints it also keeps the other models' per-epoch weights
 * ({@code name_epochK.zip}). Each finished epoch appends a line to {@code training-log.csv};
 * {@code report} evaluates the saved weights on the test split and writes {@code TRAINING.md}.
 */
public final class ExampleTraining {

  /** Seed for initialisation and shuffling. */
  public static final long SEED = 20240601L;
  /** Mini-batch size. */
  public static final int BATCH = 64;

  private ExampleTraining() {
  }

  /**
   * Trains the named models ({@code mnist_lenet}, {@code mnist_mlp}, {@code fashion_lenet},
   * {@code all}, or {@code report} for the accuracy report alone) into {@code out}.
   */
  public static void train(Path out, Path data, int epochs, boolean checkpoints,
      List<String> what) throws IOException {
    Files.createDirectories(out);
    for (String w : what) {
      switch (w) {
        case "mnist_lenet" ->
            train(out, data, "mnist_lenet", ExampleData.Dataset.MNIST, true, epochs, true);
        case "mnist_mlp" -> train(out, data, "mnist_mlp", ExampleData.Dataset.MNIST, false,
            epochs, checkpoints);
        case "fashion_lenet" -> train(out, data, "fashion_lenet", ExampleData.Dataset.FASHION,
            true, epochs, checkpoints);
        case "all" -> {
          Files.deleteIfExists(out.resolve("training-log.csv")); // a full retrain starts a new log
          train(out, data, "mnist_lenet", ExampleData.Dataset.MNIST, true, epochs, true);
          train(out, data, "mnist_mlp", ExampleData.Dataset.MNIST, false, epochs, checkpoints);
          train(out, data, "fashion_lenet", ExampleData.Dataset.FASHION, true, epochs, checkpoints);
          TrainingReport.write(out, data);
        }
        case "report" -> TrainingReport.write(out, data);
        default -> throw new IllegalArgumentException("unknown model '" + w
            + "'; expected mnist_lenet, mnist_mlp, fashion_lenet, all or report");
      }
    }
  }

  /** Trains one model; saves {@code name.zip} (and {@code name_epochK.zip} when asked). */
  static void train(Path out, Path data, String name, ExampleData.Dataset ds, boolean lenet,
      int epochs, boolean checkpoints) throws IOException {
    ExampleData.Split train = ExampleData.load(ds, "train", data);
    ExampleData.Split test = ExampleData.load(ds, "test", data);
    Nd4j.getRandom().setSeed(SEED);
    MultiLayerNetwork net = new MultiLayerNetwork(lenet ? ExampleModels.lenet(SEED)
        : ExampleModels.mlp(SEED));
    net.init();
    System.out.printf(Locale.ROOT, "[%s] %d parameters, %d train / %d test items%n", name,
        net.numParams(), train.size(), test.size());
    Random rnd = new Random(SEED);
    int n = train.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long t0 = System.nanoTime();
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      int batches = (n + BATCH - 1) / BATCH;
      for (int b = 0; b < batches; b++) {
        int from = b * BATCH;
        int to = Math.min(n, from + BATCH);
        float[][] x = new float[to - from][];
        float[][] y = new float[to - from][10];
        for (int k = from; k < to; k++) {
          x[k - from] = train.images()[order[k]];
          y[k - from][train.labels()[order[k]]] = 1f;
        }
        net.fit(Nd4j.create(x), Nd4j.create(y));
        if ((b + 1) % 100 == 0) {
          System.out.printf(Locale.ROOT, "[%s] epoch %d batch %d/%d score %.4f (%.0f s)%n", name,
              epoch, b + 1, batches, net.score(), (System.nanoTime() - t0) / 1e9);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      int[] pred = predict(net, test.images());
      double acc = accuracy(pred, test.labels());
      System.out.printf(Locale.ROOT, "[%s] epoch %d done in %.0f s, test accuracy %.4f%n", name,
          epoch, seconds, acc);
      if (checkpoints && epoch < epochs) {
        save(net, out.resolve(name + "_epoch" + epoch + ".zip"));
      }
      Files.writeString(out.resolve("training-log.csv"),
          String.format(Locale.ROOT, "%s,%d,%.1f,%.4f%n", name, epoch, seconds, acc),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    save(net, out.resolve(name + ".zip"));
  }

  static void save(MultiLayerNetwork net, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    ModelSerializer.writeModel(net, tmp.toFile(), false);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("saved " + file + " (" + Files.size(file) / 1024 + " KB)");
  }

  /** Predicted class per image (argmax of the network output), in batches of 1,000. */
  public static int[] predict(MultiLayerNetwork net, float[][] images) {
    int[] out = new int[images.length];
    for (int from = 0; from < images.length; from += 1000) {
      int to = Math.min(images.length, from + 1000);
      float[][] x = java.util.Arrays.copyOfRange(images, from, to);
      INDArray p = net.output(Nd4j.create(x), false).argMax(1);
      for (int k = from; k < to; k++) {
        out[k] = p.getInt(k - from);
      }
    }
    return out;
  }

  static double accuracy(int[] pred, int[] labels) {
    int ok = 0;
    for (int i = 0; i < pred.length; i++) {
      if (pred[i] == labels[i]) {
        ok++;
      }
    }
    return ok / (double) pred.length;
  }
}
