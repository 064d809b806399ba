/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.boundarysql.store.ModelInput;
import org.boundarysql.store.Store;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds small stores from the committed weights and the first real MNIST test images, and checks
 * them against direct DL4J forward passes and a byte-level reading of the files, without going
 * through the extraction code's own helpers.
 */
class ExampleCatalogTest {
  static final int N = 200;
  static final int[] PROBES = {0, 1, 57, 123, N - 1};

  @TempDir static Path tmp;
  static ExampleData.Split test;
  static MultiLayerNetwork lenet;
  static Path lenetStore;

  @BeforeAll
  static void buildLenetStore() {
    test = ExampleData.load(ExampleData.Dataset.MNIST, "test", null).head(N);
    lenet = ExampleModels.Example.MNIST_LENET.load();
    lenetStore = ExampleCatalog.buildStore(tmp.resolve("stores").resolve("mnist_lenet"),
        "test lenet",
        ExampleModels.Architecture.LENET, ExampleData.MNIST_CLASSES, lenet, List.of(test), null);
  }

  /** Parsed items.csv: [row][label, predicted]; checks the header and ids. */
  static int[][] readItems(Path store) throws IOException {
    List<String> lines = Files.readAllLines(store.resolve("items.csv"));
    assertEquals("id,split,label,predicted", lines.get(0));
    int[][] out = new int[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      assertEquals(4, f.length, lines.get(i));
      assertEquals(i - 1, Long.parseLong(f[0]));
      assertEquals("test", f[1]);
      out[i - 1] = new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
    }
    return out;
  }

  /** A .npy file read by hand: shape from the header, data as little-endian float32. */
  record Npy(int[] shape, float[] data) {
    float[] row(int r) {
      int w = data.length / shape[0];
      float[] out = new float[w];
      System.arraycopy(data, r * w, out, 0, w);
      return out;
    }
  }

  static Npy readNpy(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertEquals((byte) 0x93, bytes[0]);
    assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int major = bytes[6];
    int headerLen = major == 1 ? bb.getShort(8) & 0xffff : bb.getInt(8);
    int start = (major == 1 ? 10 : 12) + headerLen;
    assertEquals(0, start % 16, "data should be aligned");
    String header = new String(bytes, major == 1 ? 10 : 12, headerLen, StandardCharsets.ISO_8859_1);
    assertTrue(header.contains("'descr': '<f4'"), header);
    assertTrue(header.contains("'fortran_order': False"), header);
    Matcher m = Pattern.compile("'shape': \\(([0-9, ]+)\\)").matcher(header);
    assertTrue(m.find(), header);
    int[] shape = Stream.of(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .mapToInt(Integer::parseInt).toArray();
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    assertEquals(start + count * 4, bytes.length, file + ": file size vs header shape");
    float[] data = new float[(int) count];
    bb.position(start);
    bb.asFloatBuffer().get(data);
    return new Npy(shape, data);
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      float tol = 1e-4f + 1e-4f * Math.abs(expected[i]);
      if (Math.abs(expected[i] - actual[i]) > tol) {
        throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but was "
            + actual[i]);
      }
    }
  }

  @Test
  void storeJsonAndFilesAreComplete() throws IOException {
    String json = Files.readString(lenetStore.resolve("store.json"));
    assertTrue(json.contains("\"latentLayer\" : \"fc2\""), json);
    for (String layer : List.of("conv1", "conv2", "pool2", "fc1", "fc2", "logits")) {
      assertTrue(Files.isRegularFile(lenetStore.resolve(layer + ".npy")), layer);
    }
    try (Stream<Path> s = Files.list(tmp.resolve("stores"))) {
      assertEquals(List.of(lenetStore), s.toList(), "no temporary directories left behind");
    }
  }

  @Test
  void npyShapesAndRowCountsMatchItems() throws IOException {
    int[][] items = readItems(lenetStore);
    assertEquals(N, items.length);
    // the first MNIST test labels, as published with the data set
    assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9},
        new int[] {items[0][0], items[1][0], items[2][0], items[3][0], items[4][0], items[5][0],
            items[6][0], items[7][0], items[8][0], items[9][0]});
    for (int i = 0; i < N; i++) {
      assertEquals(test.labels()[i], items[i][0], "label of item " + i);
    }
    assertArrayEquals(new int[] {N, 6, 28, 28}, readNpy(lenetStore.resolve("conv1.npy")).shape());
    assertArrayEquals(new int[] {N, 16, 10, 10}, readNpy(lenetStore.resolve("conv2.npy")).shape());
    assertArrayEquals(new int[] {N, 16, 5, 5}, readNpy(lenetStore.resolve("pool2.npy")).shape());
    assertArrayEquals(new int[] {N, 120}, readNpy(lenetStore.resolve("fc1.npy")).shape());
    assertArrayEquals(new int[] {N, 84}, readNpy(lenetStore.resolve("fc2.npy")).shape());
    assertArrayEquals(new int[] {N, 10}, readNpy(lenetStore.resolve("logits.npy")).shape());
  }

  @Test
  void predictionsAreArgmaxOfLogitsAndOfTheNetworkOutput() throws IOException {
    int[][] items = readItems(lenetStore);
    Npy logits = readNpy(lenetStore.resolve("logits.npy"));
    INDArray x = Nd4j.create(test.images());
    INDArray out = lenet.output(x, false);
    int correct = 0;
    for (int i = 0; i < N; i++) {
      assertEquals(argmax(logits.row(i)), items[i][1], "argmax(logits) of item " + i);
      assertEquals(out.getRow(i).argMax().getInt(0), items[i][1],
          "network prediction of item " + i);
      if (items[i][0] == items[i][1]) {
        correct++;
      }
    }
    assertTrue(correct >= 0.97 * N, "accuracy on the first " + N + " test images: " + correct);
  }

  @Test
  void activationsEqualADirectForwardPass() throws IOException {
    Npy conv1 = readNpy(lenetStore.resolve("conv1.npy"));
    Npy conv2 = readNpy(lenetStore.resolve("conv2.npy"));
    Npy pool2 = readNpy(lenetStore.resolve("pool2.npy"));
    Npy fc1 = readNpy(lenetStore.resolve("fc1.npy"));
    Npy fc2 = readNpy(lenetStore.resolve("fc2.npy"));
    Npy logits = readNpy(lenetStore.resolve("logits.npy"));
    float[][] w = lenet.getLayer(10).getParam("W").toFloatMatrix(); // [84][10]
    float[] b = lenet.getLayer(10).getParam("b").toFloatVector();
    for (int i : PROBES) {
      INDArray x = Nd4j.create(test.images()[i]).reshape(1, ExampleData.PIXELS);
      List<INDArray> acts = lenet.feedForward(x, false);
      // layer outputs: [input, conv1, bn1, relu1, pool1, conv2, bn2, relu2, pool2, fc1, fc2, out]
      assertArrayEquals(new long[] {1, 6, 28, 28}, acts.get(3).shape());
      assertClose(acts.get(3).dup('c').data().asFloat(), conv1.row(i), "conv1 item " + i);
      assertArrayEquals(new long[] {1, 16, 10, 10}, acts.get(7).shape());
      assertClose(acts.get(7).dup('c').data().asFloat(), conv2.row(i), "conv2 item " + i);
      assertArrayEquals(new long[] {1, 16, 5, 5}, acts.get(8).shape());
      assertClose(acts.get(8).dup('c').data().asFloat(), pool2.row(i), "pool2 item " + i);
      assertClose(acts.get(9).dup('c').data().asFloat(), fc1.row(i), "fc1 item " + i);
      float[] h = acts.get(10).dup('c').data().asFloat();
      assertClose(h, fc2.row(i), "fc2 item " + i);
      float[] expectedLogits = new float[10];
      for (int k = 0; k < 10; k++) {
        double s = b[k];
        for (int j = 0; j < 84; j++) {
          s += h[j] * w[j][k];
        }
        expectedLogits[k] = (float) s;
      }
      assertClose(expectedLogits, logits.row(i), "logits item " + i);
      // softmax of the stored logits is the network's output
      float[] p = acts.get(11).dup('c').data().asFloat();
      double z = 0;
      for (float v : logits.row(i)) {
        z += Math.exp(v);
      }
      for (int k = 0; k < 10; k++) {
        assertEquals(p[k], Math.exp(logits.row(i)[k]) / z, 1e-4, "softmax item " + i);
      }
      float[] conv2Row = conv2.row(i);
      for (float v : conv2Row) {
        assertFalse(v < 0, "conv2 is after ReLU");
      }
    }
  }

  @Test
  void theStoreKeepsEveryItemsImageAsTheDataSetsBytes() throws IOException {
    Path idx = ExampleData.locate(ExampleData.Dataset.MNIST, null)
        .resolve("t10k-images-idx3-ubyte");
    byte[] pixels = new byte[N * 28 * 28];
    try (var in = Files.newInputStream(idx)) {
      in.skipNBytes(16); // the IDX header: magic, count, rows, columns
      in.readNBytes(pixels, 0, pixels.length);
    }
    byte[] kept = Files.readAllBytes(lenetStore.resolve("input_image.npy"));
    int start = kept.length - pixels.length;
    String header = new String(kept, 0, start, StandardCharsets.ISO_8859_1);
    assertTrue(header.contains("'descr': '|u1'") && header.contains("(" + N + ", 1, 28, 28)"),
        header);
    assertArrayEquals(pixels, java.util.Arrays.copyOfRange(kept, start, kept.length));

    ModelInput input = Store.open(lenetStore, tmp.resolve(".cache")).manifest().inputs().get(0);
    assertEquals("image", input.name());
    assertArrayEquals(new int[] {1, 28, 28}, input.shape());
    assertEquals(1 / 255.0, input.transform().scale(), 1e-15);
  }

  @Test
  void aStoreIsReusedOnlyWhenBuiltFromTheSameWeights() throws IOException {
    Path store = ExampleCatalog.buildStore(tmp.resolve("reuse").resolve("s"), "reuse",
        ExampleModels.Architecture.LENET, ExampleData.MNIST_CLASSES, lenet, List.of(test.head(5)),
        "weights-A");
    assertTrue(ExampleCatalog.isCurrent(store, "weights-A"));
    assertFalse(ExampleCatalog.isCurrent(store, "weights-B"));
    assertFalse(ExampleCatalog.isCurrent(tmp.resolve("reuse").resolve("missing"), "weights-A"));
    String source = ExampleCatalog.sourceOf(ExampleModels.Example.MNIST_LENET);
    assertTrue(source.startsWith("mnist_lenet.zip sha256="), source);
  }

  @Test
  void theFunctionsReaderOpensTheStore() {
    Store store = Store.open(lenetStore, tmp.resolve(".cache"));
    assertEquals(N, store.items().size());
    assertEquals("fc2", store.latentLayer().orElseThrow().name());
    assertEquals(84, store.latentLayer().orElseThrow().width());
  }

  @Test
  void mlpStoreHasAnEightyFourWideLatentLayerAndConsistentLogits() throws IOException {
    MultiLayerNetwork mlp = ExampleModels.Example.MNIST_MLP.load();
    ExampleData.Split small = test.head(50);
    Path store = ExampleCatalog.buildStore(tmp.resolve("mlp"), "test mlp",
        ExampleModels.Architecture.MLP, ExampleData.MNIST_CLASSES, mlp, List.of(small), null);
    int[][] items = readItems(store);
    Npy fc2 = readNpy(store.resolve("fc2.npy"));
    Npy logits = readNpy(store.resolve("logits.npy"));
    assertArrayEquals(new int[] {50, 256}, readNpy(store.resolve("fc1.npy")).shape());
    assertArrayEquals(new int[] {50, 84}, fc2.shape());
    INDArray out = mlp.output(Nd4j.create(small.images()), false);
    for (int i = 0; i < 50; i++) {
      assertEquals(argmax(logits.row(i)), items[i][1]);
      assertEquals(out.getRow(i).argMax().getInt(0), items[i][1]);
    }
    INDArray direct = mlp.feedForward(Nd4j.create(small.images()[7]).reshape(1, 784), false).get(2);
    assertClose(direct.dup('c').data().asFloat(), fc2.row(7), "mlp fc2 item 7");
  }

  @Test
  void latentSpacePictureIsAPng() throws IOException {
    Path png = LatentSpacePlot.write(lenetStore, tmp.resolve("plot").resolve("latent.png"), 150,
        250);
    byte[] head = new byte[8];
    System.arraycopy(Files.readAllBytes(png), 0, head, 0, 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
  }
}
