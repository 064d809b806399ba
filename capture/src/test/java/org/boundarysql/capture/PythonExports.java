/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.NpyDtype;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a script of {@code src/test/python} on the Python environment of
 * {@code .ci/python-env} (PyTorch, ONNX, tokenizers), and reads the arrays it writes.
 */
final class PythonExports {
  private PythonExports() {
  }

  /** Runs {@code script} with {@code out} as its argument; fails the test if it fails. */
  static Path run(String script, Path out) throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(root.resolve(".ci").resolve("python-env"))) {
      root = root.getParent();
    }
    Process env = new ProcessBuilder("bash", root.resolve(".ci/python-env").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> lines = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines().toList();
    assertTrue(env.waitFor(15, TimeUnit.MINUTES) && env.exitValue() == 0 && !lines.isEmpty(),
        ".ci/python-env made no Python environment");
    Process export = new ProcessBuilder(lines.get(lines.size() - 1),
        root.resolve("capture/src/test/python").resolve(script).toString(), out.toString())
        .redirectErrorStream(true).start();
    String log = new String(export.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(export.waitFor(10, TimeUnit.MINUTES) && export.exitValue() == 0, log);
    return out;
  }

  /**
   * The reference values the script wrote for each of {@code layers}, {@code ref_LAYER.npy} in
   * {@code exported} (its forward pass's hooks), by layer in the order given.
   */
  static Map<String, float[][]> readReferences(Path exported, List<String> layers)
      throws IOException {
    Map<String, float[][]> references = new LinkedHashMap<>();
    for (String layer : layers) {
      references.put(layer, readFloats(exported.resolve("ref_" + layer + ".npy")));
    }
    return references;
  }

  /** A float32 {@code .npy} written by numpy, as rows, read by hand. */
  static float[][] readFloats(Path file) throws IOException {
    try (NpyArray array = NpyArray.open(file)) {
      assertEquals(NpyDtype.FLOAT32, array.dtype());
      float[][] rows = new float[(int) array.rows()][array.rowValues()];
      for (int i = 0; i < rows.length; i++) {
        array.read(i, 1, rows[i], 0);
      }
      return rows;
    }
  }

  /** An int64 {@code .npy} written by numpy, as rows. */
  static long[][] readLongs(Path file) throws IOException {
    try (NpyArray array = NpyArray.open(file)) {
      assertEquals(NpyDtype.INT64, array.dtype());
      long[][] rows = new long[(int) array.rows()][array.rowValues()];
      for (int i = 0; i < rows.length; i++) {
        array.readIntegers(i, 1, rows[i], 0);
      }
      return rows;
    }
  }
}
