/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.NpyWriter;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store changed between two connections is read again: its catalog is reopened, its CSV
 * layers converted again, its samples recomputed. Expected values come from the files the test
 * writes and from the sampler called directly.
 */
class InvalidationTest {
  private static final int ITEMS = 120;
  private static final int LATENT = 6;
  private static final int PROBE = 3;

  @TempDir Path dir;
  private Path store;
  private final Random random = new Random(11);
  private final List<Long> ids = new ArrayList<>();
  private final int[] labels = new int[ITEMS];
  private final int[] predicted = new int[ITEMS];
  /** The latent values as first written, rows in the order of {@code ids}. */
  private float[][] written;

  /** Writes store "s": items, the latent layer fc2 as .npy and a layer "probe" as CSV. */
  @BeforeEach void writeStore() throws IOException {
    store = Files.createDirectories(dir.resolve("catalog").resolve("s"));
    for (int i = 0; i < ITEMS; i++) {
      ids.add(5000L + 3L * i);
      labels[i] = i % 3;
      predicted[i] = i % 7 == 0 ? (i + 1) % 3 : labels[i];
    }
    new StoreManifest("s", List.of("a", "b", "c"), "fc2",
        List.of(new LayerSpec("fc2", new int[] {LATENT}), new LayerSpec("probe",
            new int[] {PROBE}))).write(store);
    writeItems(ids);
    written = writeLatent();
    StringBuilder csv = new StringBuilder("id,v0,v1,v2\n");
    for (long id : ids) {
      csv.append(id).append(',').append(id % 97).append(",1,").append(-id).append('\n');
    }
    Files.writeString(store.resolve("probe.csv"), csv);
  }

  private void writeItems(List<Long> order) throws IOException {
    StringBuilder items = new StringBuilder("id,split,label,predicted\n");
    for (long id : order) {
      int i = ids.indexOf(id);
      items.append(id).append(",test,").append(labels[i]).append(',').append(predicted[i])
          .append('\n');
    }
    Files.writeString(store.resolve("items.csv"), items);
  }

  /** New random latent values, rows in the order of {@code ids}; returns them. */
  private float[][] writeLatent() throws IOException {
    float[][] rows = new float[ITEMS][LATENT];
    try (NpyWriter npy = new NpyWriter(store.resolve("fc2.npy"), ITEMS, new int[] {LATENT})) {
      for (int i = 0; i < ITEMS; i++) {
        for (int n = 0; n < LATENT; n++) {
          rows[i][n] = (float) (random.nextGaussian() + (n == labels[i] ? 2 : 0));
        }
        npy.writeRow(rows[i]);
      }
    }
    return rows;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + dir.resolve("catalog")
        + ";cache=" + dir.resolve("cache"));
  }

  /** Id and second column of each row; an array as its floats joined by "|". */
  private Map<Long, String> rows(String sql) throws SQLException {
    Map<Long, String> rows = new TreeMap<>();
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        Object value = r.getObject(2);
        if (value instanceof java.sql.Array array) {
          StringBuilder text = new StringBuilder();
          for (float v : floats(array)) {
            text.append(text.length() == 0 ? "" : "|").append(v);
          }
          value = text;
        }
        rows.put(r.getLong(1), String.valueOf(value));
      }
    }
    return rows;
  }

  /** What the CSV says of each id, as "v0|v1|v2". */
  private Map<Long, String> probeValues() {
    Map<Long, String> expected = new TreeMap<>();
    for (long id : ids) {
      expected.put(id, (float) (id % 97) + "|1.0|" + (float) -id);
    }
    return expected;
  }

  private static final String PROBE_QUERY = "select id, activation from s.probe";

  /**
   * A reordered items.csv: the CSV layer is converted again in the new row order (its cache
   * was keyed on the CSV alone, and stale rows were read without an error).
   */
  @Test void reorderedItemsConvertTheCsvLayerAgain() throws Exception {
    assertEquals(probeValues(), rows(PROBE_QUERY));
    List<Long> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new Random(3));
    // The latent layer follows items.csv's rows: rewrite it in the new order too.
    writeItems(shuffled);
    try (NpyWriter npy = new NpyWriter(store.resolve("fc2.npy"), ITEMS, new int[] {LATENT})) {
      for (long id : shuffled) {
        npy.writeRow(written[ids.indexOf(id)]);
      }
    }
    assertEquals(probeValues(), rows(PROBE_QUERY));
  }

  /** The values of an ARRAY column, whatever boxed or primitive array the driver returns. */
  private static float[] floats(java.sql.Array array) throws SQLException {
    Object values = array.getArray();
    float[] result = new float[java.lang.reflect.Array.getLength(values)];
    for (int i = 0; i < result.length; i++) {
      result[i] = ((Number) java.lang.reflect.Array.get(values, i)).floatValue();
    }
    return result;
  }

  /** New values in a layer file of the same size: the next connection reads them. */
  @Test void aRewrittenLayerIsReadAgain() throws Exception {
    FileTime before = Files.getLastModifiedTime(store.resolve("fc2.npy"));
    float[][] latent = writeLatent();
    Files.setLastModifiedTime(store.resolve("fc2.npy"),
        FileTime.fromMillis(before.toMillis() + 1000));
    Map<Long, String> expected = new TreeMap<>();
    for (int i = 0; i < ITEMS; i++) {
      expected.put(ids.get(i), String.valueOf(latent[i][0]));
    }
    assertEquals(expected, rows("select id, activation[1] from s.fc2"));
  }

  /**
   * A changed latent layer: the sample is computed again (not read from the disk cache) and
   * is the sampler's choice on the new values.
   */
  @Test void aChangedLatentLayerRecomputesTheSample() throws Exception {
    String sampled = "select id, 'x' from s.items tablesample boundary('maxmargin', 0.25)";
    Map<Long, String> first = rows(sampled);
    assertEquals(30, first.size());
    float[][] latent = writeLatent();
    Files.setLastModifiedTime(store.resolve("fc2.npy"),
        FileTime.fromMillis(System.currentTimeMillis() + 5000));
    double[][] points = new double[ITEMS][LATENT];
    for (int i = 0; i < ITEMS; i++) {
      for (int n = 0; n < LATENT; n++) {
        points[i][n] = latent[i][n];
      }
    }
    int[] picked = SampleSpec.of(SamplingMethod.MAXMARGIN, 0.25).select(
        new LatentSpace(points, labels, predicted, 3), ProgressListener.NONE);
    TreeSet<Long> expected = new TreeSet<>();
    for (int row : picked) {
      expected.add(ids.get(row));
    }
    Map<Long, String> second = rows(sampled);
    assertEquals(expected, second.keySet());
    assertNotEquals(first.keySet(), second.keySet(), "the new values pick other items");
    // The reopened catalog holds exactly one sample of the store, computed afresh.
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select size, from_disk from boundary.samples"
             + " where store = 's' and sampler = 'maxmargin'")) {
      assertTrue(r.next(), "the new sample is listed");
      assertEquals(30, r.getInt(1), "25% of 120 items");
      assertFalse(r.getBoolean(2), "computed, not read from the stale cache file");
      assertFalse(r.next(), "one sample of the spec, not the stale one too");
    }
  }
}
