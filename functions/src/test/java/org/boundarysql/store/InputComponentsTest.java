/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scores of a store's items on its input's principal components, on a store written here
 * with an input ({@link DirectPrincipalScores}: the reference covariance by loops and power
 * iteration): equal to the reference, written once to the cache directory, computed again for
 * a changed input file, kept in memory when the cache cannot be written, and absent for a
 * store whose inputs are not fed as floats.
 */
class InputComponentsTest {
  private static final int ITEMS = 400;

  @TempDir Path dir;

  /** A store of {@value #ITEMS} items and one layer, without inputs. */
  private Path store() throws IOException {
    Path store = dir.resolve("catalog").resolve("s");
    StoreManifest manifest = new StoreManifest("m", List.of("a", "b"), "fc",
        List.of(new LayerSpec("fc", new int[] {2})));
    try (StoreWriter writer = new StoreWriter(store, manifest, ITEMS)) {
      for (int i = 0; i < ITEMS; i++) {
        writer.writeItem(i, "test", i % 2, i / 2 % 2);
        writer.writeActivation("fc", new float[] {i, -i});
      }
    }
    return store;
  }

  private static void assertScores(float[][] stored, Layer scores) {
    float[][] expected = DirectPrincipalScores.scores(DirectPrincipalScores.fed(stored), 12);
    assertEquals(InputComponents.NAME, scores.name());
    assertEquals(12, scores.width());
    assertEquals(ITEMS, scores.rows());
    float[] row = new float[12];
    for (int i = 0; i < ITEMS; i++) {
      scores.read(i, row);
      for (int c = 0; c < 12; c++) {
        assertEquals(expected[i][c], row[c], 1e-4 * Math.max(1, Math.abs(expected[i][c])),
            "item " + i + " component " + c);
      }
    }
  }

  private List<Path> scoreFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      return files.filter(f -> f.getFileName().toString().startsWith(InputComponents.NAME))
          .toList();
    }
  }

  @Test void scoresAreTheProjectionsOnTheLeadingComponents() throws IOException {
    Path store = store();
    float[][] stored = DirectPrincipalScores.addInput(store, ITEMS, 7);
    assertScores(stored, Store.open(store, dir.resolve("cache")).inputComponents()
        .orElseThrow());
    List<Path> files = scoreFiles();
    assertEquals(1, files.size(), files.toString());
    FileTime written = Files.getLastModifiedTime(files.get(0));
    Files.setLastModifiedTime(files.get(0), FileTime.fromMillis(written.toMillis() - 60_000));
    // a store opened again reads the scores written before
    assertScores(stored, Store.open(store, dir.resolve("cache")).inputComponents()
        .orElseThrow());
    assertEquals(written.toMillis() - 60_000,
        Files.getLastModifiedTime(files.get(0)).toMillis());
  }

  @Test void changedInputIsScoredAgain() throws IOException {
    Path store = store();
    DirectPrincipalScores.addInput(store, ITEMS, 7);
    Store.open(store, dir.resolve("cache")).inputComponents().orElseThrow();
    float[][] changed = DirectPrincipalScores.values(ITEMS, 8);
    DirectPrincipalScores.writeInput(store, changed);
    Files.setLastModifiedTime(store.resolve("input_x.npy"),
        FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    assertScores(changed, Store.open(store, dir.resolve("cache")).inputComponents()
        .orElseThrow());
    assertEquals(1, scoreFiles().size(), "the older scores are removed");
  }

  /** A cache directory that cannot be written: the scores are kept in memory. */
  @Test void unwritableCacheStillAnswers() throws IOException {
    Path store = store();
    float[][] stored = DirectPrincipalScores.addInput(store, ITEMS, 7);
    Files.writeString(dir.resolve("cache"), "a file where the cache directory should be");
    assertScores(stored, Store.open(store, dir.resolve("cache")).inputComponents()
        .orElseThrow());
  }

  @Test void noScoresWithoutInputsFedAsFloats() throws IOException {
    Path store = store();
    assertTrue(Store.open(store, dir.resolve("cache")).inputComponents().isEmpty());
    byte[] header = NpyHeader.bytes(NpyDtype.INT64, new long[] {ITEMS, 4});
    Files.write(store.resolve("input_t.npy"), java.nio.ByteBuffer
        .allocate(header.length + ITEMS * 4 * Long.BYTES).put(header).array());
    String json = Files.readString(store.resolve(StoreManifest.FILE_NAME)).strip();
    Files.writeString(store.resolve(StoreManifest.FILE_NAME), json.substring(0,
        json.lastIndexOf('}')) + ", \"inputs\": [{\"name\": \"t\", \"file\": \"input_t.npy\","
        + " \"sha256\": \"" + "ab".repeat(32) + "\", \"dtype\": \"int64\", \"shape\": [4]}]}");
    Store tokens = Store.open(store, dir.resolve("cache"));
    assertEquals(1, tokens.inputs().size());
    assertTrue(tokens.inputComponents().isEmpty(), "token ids are not auxiliaries");
  }
}
