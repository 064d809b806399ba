/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.adapter.ComputationLog;
import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.server.RemoteServer;
import org.boundarysql.store.NpyDtype;
import org.boundarysql.task.ProgressListener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On-demand stores of a text model ({@code text_model.py}: two int64 inputs, input_ids and
 * attention_mask, exported by PyTorch in the test), captured from token arrays and from texts
 * with its tokenizer.json: the store keeps every input as fed, its on-demand layers and their
 * tokens tables read through SQL equal PyTorch's forward pass (forward hooks) within 1e-5, a
 * BOUNDARY sample or an item filter computes its items' rows only (counted in the row cache),
 * embedded and through the server, and a store whose kept input or model no longer fits is
 * refused with the reason.
 */
class OnDemandTextTest {
  private static final int LENGTH = 16;

  @TempDir static Path tmp;
  static Path exported;
  static Path catalog;
  static long[][] ids;
  static long[][] mask;
  static int[] labels;
  static JsonNode tokens;
  static Map<String, float[][]> reference;

  @BeforeAll
  static void exportAndCapture() throws Exception {
    exported = PythonExports.run("text_model.py", tmp.resolve("exported"));
    reference = PythonExports.readReferences(exported,
        List.of("embedded", "block", "pooled", "logits"));
    ids = PythonExports.readLongs(exported.resolve("input_ids.npy"));
    mask = PythonExports.readLongs(exported.resolve("attention_mask.npy"));
    labels = Files.readAllLines(exported.resolve("labels.txt")).stream()
        .mapToInt(Integer::parseInt).toArray();
    tokens = new ObjectMapper().readTree(exported.resolve("tokens.json").toFile());
    catalog = tmp.resolve("catalog");
    Capture.run(spec("arrays", Map.of("input_ids", exported.resolve("input_ids.npy"),
        "attention_mask", exported.resolve("attention_mask.npy")), false),
        ProgressListener.NONE);
    Capture.run(spec("texts", Map.of(), true), ProgressListener.NONE);
  }

  static CaptureSpec spec(String store, Map<String, Path> arrays, boolean texts) {
    Map<String, String> layers = new LinkedHashMap<>();
    for (String layer : List.of("embedded", "block", "pooled", "logits")) {
      layers.put(layer, layer);
    }
    return new CaptureSpec(exported.resolve("model.onnx"), List.of(new CaptureSpec.Split("test",
        arrays, texts ? exported.resolve("texts.txt") : null, exported.resolve("labels.txt"))),
        null, layers, "pooled", "logits", null, 0, catalog.resolve(store), null, true,
        texts ? new CaptureSpec.TextInput(exported.resolve("tokenizer.json"), 0) : null,
        List.of(), CaptureSpec.LatentPool.NONE);
  }

  static Connection connect(Path storeCatalog, String cache) throws SQLException {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + storeCatalog + ";cache="
        + tmp.resolve(cache));
  }

  /** The values of a kept input file, read by hand. */
  static long[][] kept(Path file) throws Exception {
    try (NpyArray array = NpyArray.open(file)) {
      long[][] rows = new long[(int) array.rows()][array.rowValues()];
      for (int i = 0; i < rows.length; i++) {
        array.readIntegers(i, 1, rows[i], 0);
      }
      return rows;
    }
  }

  /**
   * Both stores keep both inputs as the model was fed them (the texts' store the ids and mask
   * of the tokenizer, equal to Python's encoding), declare them in store.json and name the
   * on-demand sequence layers as token layers; the texts' store keeps each item's text.
   */
  @Test void theStoresKeepEveryInputAsFed() throws Exception {
    for (String store : List.of("arrays", "texts")) {
      Path dir = catalog.resolve(store);
      JsonNode manifest = new ObjectMapper().readTree(dir.resolve("store.json").toFile());
      List<String> declared = new ArrayList<>();
      manifest.path("inputs").forEach(input -> declared.add(input.path("name").asText()));
      assertEquals(List.of("input_ids", "attention_mask"), declared, store);
      assertArrayEquals(ids, kept(dir.resolve("input_input_ids.npy")), store);
      assertArrayEquals(mask, kept(dir.resolve("input_attention_mask.npy")), store);
      assertEquals(List.of("embedded", "block"), TokenInputsTest.tokenLayers(dir), store);
    }
    try (NpyArray array = NpyArray.open(catalog.resolve("arrays").resolve(
        "input_input_ids.npy"))) {
      assertEquals(NpyDtype.INT64, array.dtype(), "int64 kept as int64");
    }
    List<String> texts = Files.readAllLines(exported.resolve("texts.txt"));
    try (Connection c = connect(catalog, "cache-items")) {
      assertEquals(List.of(List.of(0L, texts.get(0)), List.of(299L, texts.get(299))),
          JdbcRows.rows(c, "select id, text from texts.items where id in (0, 299)"
              + " order by id").stream().map(r -> List.of(((Number) r.get(0)).longValue(),
                  r.get(1))).toList());
      assertEquals(List.of(List.of("embedded", "on demand"), List.of("block", "on demand"),
          List.of("embedded_tokens", "tokens of embedded (on demand)"),
          List.of("block_tokens", "tokens of block (on demand)")),
          JdbcRows.rows(c, "select layer, kind from boundary.layers where store = 'texts'"
              + " and kind <> 'stored'"));
    }
  }

  /**
   * Every row of the on-demand layers and every row of their tokens tables, read through SQL,
   * equal PyTorch's values; the stored latent layer and logits too.
   */
  @Test void onDemandLayersAndTheirTokensEqualPyTorch() throws Exception {
    try (Connection c = connect(catalog, "cache-all")) {
      for (String store : List.of("arrays", "texts")) {
        for (String layer : List.of("embedded", "block", "pooled", "logits")) {
          float[][] expected = reference.get(layer);
          List<List<Object>> rows = JdbcRows.rows(c, "select id, activation from " + store
              + "." + layer + " order by id");
          assertEquals(expected.length, rows.size());
          for (List<Object> row : rows) {
            int id = ((Number) row.get(0)).intValue();
            assertArrayEquals(expected[id], TokenInputsTest.floats(row.get(1)), 1e-5f,
                store + "." + layer + " of item " + id);
          }
        }
        for (String layer : List.of("embedded", "block")) {
          assertTokens(c, store, layer, "", null);
        }
      }
    }
  }

  /**
   * The tokens table of an on-demand layer, restricted by {@code clause}: a row per position
   * that the attention mask keeps of the items {@code items} (null: all), with its token id,
   * text (from texts only) and PyTorch's activation at that position.
   */
  static void assertTokens(Connection c, String store, String layer, String clause,
      List<Long> items) throws SQLException {
    float[][] values = reference.get(layer);
    int hidden = values[0].length / LENGTH;
    List<List<Object>> rows = JdbcRows.rows(c, "select id, position, token_id, token, label,"
        + " activation from " + store + "." + layer + "_tokens " + clause
        + " order by id, position");
    int r = 0;
    for (int i = 0; i < ids.length; i++) {
      if (items != null && !items.contains((long) i)) {
        continue;
      }
      for (int p = 0; p < LENGTH; p++) {
        if (mask[i][p] == 0) {
          continue;
        }
        List<Object> row = rows.get(r++);
        assertEquals(Arrays.asList((long) i, p, ids[i][p], store.equals("texts")
            ? tokens.get(i).get(p).asText() : null, labels[i]), Arrays.asList(
                ((Number) row.get(0)).longValue(), row.get(1),
                ((Number) row.get(2)).longValue(), row.get(3), row.get(4)));
        float[] expected = Arrays.copyOfRange(values[i], p * hidden, (p + 1) * hidden);
        assertArrayEquals(expected, TokenInputsTest.floats(row.get(5)), 1e-5f,
            store + "." + layer + " of item " + i + " at " + p);
      }
    }
    assertEquals(r, rows.size(), "one row per unpadded position of the items read");
  }

  static List<Long> ids(Connection c, String query) throws SQLException {
    return JdbcRows.rows(c, query).stream().map(r -> ((Number) r.get(0)).longValue()).toList();
  }

  static long cached(Connection c, String store, String layer) throws SQLException {
    return ((Number) JdbcRows.rows(c, "select rows_cached from boundary.layers where store = '"
        + store + "' and layer = '" + layer + "'").get(0).get(0)).longValue();
  }

  /**
   * A BOUNDARY sample of a tokens table computes the sampled items' rows of its layer and no
   * other; a filter on item columns computes the rows of the items that pass; the values equal
   * PyTorch's; EXPLAIN says what will be computed. A sampled on-demand layer table likewise.
   */
  @Test void aSampleOrAFilterComputesOnlyItsItems() throws Exception {
    try (Connection c = connect(catalog, "cache-sample")) {
      String sample = "tablesample boundary('maxmargin', 0.1)";
      List<Long> sampled = ids(c, "select id from texts.items " + sample + " order by id");
      assertTrue(sampled.size() > 0 && sampled.size() < ids.length / 5, sampled.toString());
      String explain = "explain plan for select token, avg_activation(activation) from"
          + " texts.block_tokens " + sample + " group by token";
      String plan = JdbcRows.rows(c, explain).toString();
      assertTrue(plan.contains("compute=[block for " + sampled.size() + " rows, 0 cached]"),
          plan);
      assertTokens(c, "texts", "block", sample, sampled);
      assertEquals(sampled.size(), cached(c, "texts", "block"), "the sampled items only");
      plan = JdbcRows.rows(c, explain).toString();
      assertTrue(plan.contains("compute=[block for " + sampled.size() + " rows, "
          + sampled.size() + " cached]"), plan);
      assertEquals(0, cached(c, "texts", "embedded"));
      long sampledTokens = sampled.stream().mapToLong(i -> Arrays.stream(mask[i.intValue()])
          .sum()).sum();
      assertEquals(sampledTokens, cached(c, "texts", "block_tokens"));

      List<Long> label1 = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == 1) {
          label1.add((long) i);
        }
      }
      assertTokens(c, "texts", "embedded", "where label = 1", label1);
      assertEquals(label1.size(), cached(c, "texts", "embedded"), "the filtered items only");

      List<List<Object>> rows = JdbcRows.rows(c, "select id, activation from arrays.block "
          + sample + " order by id");
      assertEquals(sampled, rows.stream().map(r -> ((Number) r.get(0)).longValue()).toList(),
          "the same sample of either store: same latent layer");
      for (List<Object> row : rows) {
        int id = ((Number) row.get(0)).intValue();
        assertArrayEquals(reference.get("block")[id], TokenInputsTest.floats(row.get(1)),
            1e-5f, "block of item " + id);
      }
      assertEquals(sampled.size(), cached(c, "arrays", "block"));
    }
  }

  /**
   * Queries of a tokens table that read no activation (counts, token texts) compute nothing;
   * their answers equal a count over Python's attention mask.
   */
  @Test void queriesThatReadNoActivationComputeNothing() throws Exception {
    try (Connection c = connect(catalog, "cache-none")) {
      long tokens = Arrays.stream(mask).flatMapToLong(Arrays::stream).sum();
      assertEquals(List.of(List.of(tokens)), JdbcRows.rows(c, "select cast(count(*) as bigint)"
          + " from texts.block_tokens"));
      long first = 0;
      for (int i = 0; i < 5; i++) {
        first += Arrays.stream(mask[i]).sum();
      }
      assertEquals(first, JdbcRows.rows(c, "select id, token from texts.block_tokens"
          + " where id < 5").size());
      List<List<Object>> byToken = JdbcRows.rows(c, "select token, count(*) from"
          + " arrays.block_tokens group by token_id, token");
      assertEquals(tokens, byToken.stream().mapToLong(r -> ((Number) r.get(1)).longValue())
          .sum());
      // grouped by one column: each position's tokens; the tokens of ids alone, one null text
      List<List<Object>> byPosition = JdbcRows.rows(c, "select position, count(*) from"
          + " texts.block_tokens group by position");
      assertEquals(IntStream.range(0, mask[0].length).filter(p -> Arrays.stream(mask)
          .anyMatch(m -> m[p] != 0)).count(), byPosition.size());
      for (List<Object> row : byPosition) {
        int p = ((Number) row.get(0)).intValue();
        assertEquals(Arrays.stream(mask).mapToLong(m -> m[p]).sum(),
            ((Number) row.get(1)).longValue(), "position " + p);
      }
      assertEquals(List.of(Arrays.asList(null, tokens)), JdbcRows.rows(c, "select token,"
          + " cast(count(*) as bigint) from arrays.block_tokens group by token"));
      assertEquals(0, cached(c, "texts", "block"));
      assertEquals(0, cached(c, "arrays", "block"));
    }
  }

  /**
   * A statement reading an on-demand layer and the tokens table of another computes both for
   * the sample's items in one run of the model.
   */
  @Test void aLayerAndATokensTableOfOneStatementAreComputedInOneRun() throws Exception {
    try (Connection c = connect(catalog, "cache-demand"); ComputationLog log =
        new ComputationLog()) {
      String sample = "tablesample boundary('uniform', 0.1)";
      List<List<Object>> rows = JdbcRows.rows(c, "select t.id, t.position, e.activation,"
          + " t.activation from arrays.block_tokens as t " + sample + " join arrays.embedded"
          + " as e " + sample + " on t.id = e.id order by t.id, t.position");
      assertEquals(1, log.started("rows"), "one computation for both layers");
      for (List<Object> row : rows) {
        int id = ((Number) row.get(0)).intValue();
        int p = ((Number) row.get(1)).intValue();
        assertArrayEquals(reference.get("embedded")[id], TokenInputsTest.floats(row.get(2)),
            1e-5f, "embedded of item " + id);
        float[] block = reference.get("block")[id];
        int hidden = block.length / LENGTH;
        assertArrayEquals(Arrays.copyOfRange(block, p * hidden, (p + 1) * hidden),
            TokenInputsTest.floats(row.get(3)), 1e-5f, "block of item " + id + " at " + p);
      }
      long items = ids(c, "select id from arrays.items " + sample).size();
      assertEquals(items, cached(c, "arrays", "block"));
      assertEquals(items, cached(c, "arrays", "embedded"));
    }
  }

  /** Through the Avatica server: a sampled tokens table of each store equals PyTorch's. */
  @Test void remoteAnswersEqualPyTorch() throws Exception {
    try (BoundaryServer server = BoundaryServer.start(catalog, tmp.resolve("cache-remote"),
        "127.0.0.1", 0, null); Connection c = RemoteServer.connect(server)) {
      String sample = "tablesample boundary('maxmargin', 0.1)";
      List<Long> sampled = ids(c, "select id from texts.items " + sample + " order by id");
      for (String store : List.of("arrays", "texts")) {
        assertTokens(c, store, "embedded", sample, sampled);
      }
    }
  }

  /**
   * The capture's checks come first, as for a full capture: a texts file one line short of the
   * labels, or an attention mask missing, is refused and nothing is written.
   */
  @Test void badInputsAreRefusedBeforeAnythingIsWritten() throws Exception {
    List<String> lines = Files.readAllLines(exported.resolve("texts.txt"));
    Path shortTexts = Files.write(tmp.resolve("short.txt"), lines.subList(0, lines.size() - 1));
    CaptureSpec texts = spec("short", Map.of(), true);
    CaptureSpec shortened = new CaptureSpec(texts.model(), List.of(new CaptureSpec.Split(
        "test", Map.of(), shortTexts, exported.resolve("labels.txt"))), null, texts.layers(),
        "pooled", "logits", null, 0, texts.out(), null, true, texts.text(), List.of(),
        CaptureSpec.LatentPool.NONE);
    String message = assertThrows(IllegalArgumentException.class,
        () -> Capture.run(shortened, ProgressListener.NONE)).getMessage();
    assertTrue(message.contains("holds 300 labels but") && message.contains("299"), message);
    CaptureSpec noMask = spec("nomask", Map.of("input_ids", exported.resolve("input_ids.npy")),
        false);
    message = assertThrows(IllegalArgumentException.class,
        () -> Capture.run(noMask, ProgressListener.NONE)).getMessage();
    assertTrue(message.contains("gives no values for the model's input 'attention_mask'"),
        message);
    try (Stream<Path> stores = Files.list(catalog)) {
      assertEquals(List.of("arrays", "texts"), stores.map(p -> p.getFileName().toString())
          .sorted().toList(), "nothing written");
    }
  }

  /** A copy of the arrays' store in a catalog of its own. */
  static Path copy(String name) throws Exception {
    Path source = catalog.resolve("arrays");
    Path target = tmp.resolve(name).resolve("arrays");
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return target;
  }

  static String failure(Path store, String cache) throws Exception {
    try (Connection c = connect(store.getParent(), cache)) {
      return assertThrows(SQLException.class, () -> JdbcRows.rows(c,
          "select avg_activation(activation) from arrays.block_tokens where id = 3"))
          .getMessage();
    }
  }

  /**
   * A kept input whose bytes changed, and a model that is fed other inputs than the store
   * keeps, are refused with the file and the reason.
   */
  @Test void aStoreWhoseInputsNoLongerFitIsRefusedWithTheReason() throws Exception {
    Path altered = copy("altered");
    Path ids = altered.resolve("input_input_ids.npy");
    byte[] bytes = Files.readAllBytes(ids);
    bytes[bytes.length - 8] ^= 1;
    Files.write(ids, bytes);
    String message = failure(altered, "cache-altered");
    assertTrue(message.contains("input_input_ids.npy: changed since the store was captured"),
        message);

    Path other = copy("other");
    Files.copy(exported.resolve("model_named.onnx"), other.resolve("model.onnx"),
        StandardCopyOption.REPLACE_EXISTING);
    ObjectMapper json = new ObjectMapper();
    JsonNode manifest = json.readTree(other.resolve("store.json").toFile());
    String sha = StoredFiles.sha256(other.resolve("model.onnx"));
    manifest.findParents("sha256").stream()
        .filter(node -> node.path("file").asText().equals("model.onnx"))
        .forEach(node -> ((ObjectNode) node).put("sha256", sha));
    json.writeValue(other.resolve("store.json").toFile(), manifest);
    message = failure(other, "cache-other");
    assertTrue(message.contains("is fed input 'tokens', but store.json declares the inputs of"
        + " [input_ids, attention_mask]"), message);
  }
}
