/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.task.ProgressListener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text models whose inputs are not named as Hugging Face names them, with a tokenizer of no
 * [CLS]/[SEP] that pads with id 1 ({@code text_model.py}'s plain exports): the token ids and
 * mask are found by type and shape (int32 {@code tokens}, bool {@code keep}), named by
 * {@code --token-input}/{@code --mask-input} where nothing tells them apart, and a model with no
 * mask input keeps every position of token arrays. Every value read through SQL equals
 * PyTorch's forward pass (1e-5); every tokens table equals a direct computation from Python's
 * encoding.
 */
class TokenInputsTest {
  private static final List<String> LAYERS = List.of("embedded", "block", "pooled", "logits");
  private static final int LENGTH = 16;

  @TempDir static Path tmp;
  static Path exported;
  static long[][] ids;
  static long[][] mask;
  static JsonNode tokens;

  @BeforeAll
  static void exportFromPyTorch() throws Exception {
    exported = PythonExports.run("text_model.py", tmp.resolve("exported"));
    ids = PythonExports.readLongs(exported.resolve("plain_ids.npy"));
    mask = PythonExports.readLongs(exported.resolve("plain_mask.npy"));
    tokens = new ObjectMapper().readTree(exported.resolve("plain_tokens.json").toFile());
  }

  static Path capture(String model, Map<String, Path> arrays, boolean texts,
      CaptureSpec.TokenInputs named, String store) throws Exception {
    CaptureSpec spec = spec(model, arrays, texts, named, List.of(), store);
    Capture.run(spec, ProgressListener.NONE);
    return spec.out().getParent();
  }

  static CaptureSpec spec(String model, Map<String, Path> arrays, boolean texts,
      CaptureSpec.TokenInputs named, List<String> tokenLayers, String store) throws Exception {
    Map<String, String> layers = new LinkedHashMap<>();
    LAYERS.forEach(layer -> layers.put(layer, layer));
    if (model.equals("model_named.onnx")) {
      layers.put("shifted", "shifted");
    }
    Path out = Files.createDirectories(tmp.resolve("catalogs").resolve(store)).resolve(store);
    return new CaptureSpec(exported.resolve(model), List.of(new CaptureSpec.Split("test",
        arrays, texts ? exported.resolve("texts.txt") : null, exported.resolve("labels.txt"))),
        null, layers, "pooled", "logits", null, 0, out, null, false, texts
            ? new CaptureSpec.TextInput(exported.resolve("plain_tokenizer.json"), 0) : null,
        tokenLayers, CaptureSpec.LatentPool.NONE, named);
  }

  static Connection connect(Path catalog) throws Exception {
    return DriverManager.getConnection("jdbc:boundary:catalog=" + catalog + ";cache="
        + tmp.resolve("cache"));
  }

  /** Every layer of every item equals PyTorch's values saved as {@code ref_PREFIX*.npy}. */
  static void assertLayersEqual(Path catalog, String store, String prefix) throws Exception {
    try (Connection c = connect(catalog)) {
      for (String layer : LAYERS) {
        float[][] expected = PythonExports.readFloats(exported.resolve(prefix + layer
            + ".npy"));
        List<List<Object>> rows = JdbcRows.rows(c, "select id, activation from " + store + "."
            + layer + " order by id");
        assertEquals(expected.length, rows.size());
        for (List<Object> row : rows) {
          int id = ((Number) row.get(0)).intValue();
          assertArrayEquals(expected[id], floats(row.get(1)), 1e-5f, layer + " of item " + id);
        }
      }
    }
  }

  static float[] floats(Object array) {
    List<?> values = (List<?>) array;
    float[] floats = new float[values.size()];
    for (int k = 0; k < floats.length; k++) {
      floats[k] = ((Number) values.get(k)).floatValue();
    }
    return floats;
  }

  /**
   * The block's tokens table: a row per position of Python's encoding that {@code kept} keeps
   * (null: every position), with its id, token text (if {@code withText}) and PyTorch's
   * activation from {@code ref_PREFIXblock.npy}.
   */
  static void assertTokens(Path catalog, String store, long[][] kept, boolean withText,
      String prefix) throws Exception {
    float[][] block = PythonExports.readFloats(exported.resolve(prefix + "block.npy"));
    int hidden = block[0].length / LENGTH;
    try (Connection c = connect(catalog)) {
      List<List<Object>> rows = JdbcRows.rows(c, "select id, position, token_id, token,"
          + " activation from " + store + ".block_tokens order by id, position");
      int r = 0;
      for (int i = 0; i < ids.length; i++) {
        for (int p = 0; p < LENGTH; p++) {
          if (kept != null && kept[i][p] == 0) {
            continue;
          }
          List<Object> row = rows.get(r++);
          assertEquals(new ArrayList<>(List.of((long) i, p, ids[i][p])),
              List.of(((Number) row.get(0)).longValue(), row.get(1),
                  ((Number) row.get(2)).longValue()), "token row " + r);
          assertEquals(withText ? tokens.get(i).get(p).asText() : null, row.get(3));
          float[] expected = new float[hidden];
          System.arraycopy(block[i], p * hidden, expected, 0, hidden);
          assertArrayEquals(expected, floats(row.get(4)), 1e-5f, "item " + i + " at " + p);
        }
      }
      assertEquals(r, rows.size(), "one row per kept position");
    }
  }

  static List<String> tokenLayers(Path store) throws Exception {
    List<String> layers = new ArrayList<>();
    new ObjectMapper().readTree(store.resolve("tokens.json").toFile()).path("layers")
        .forEach(l -> layers.add(l.asText()));
    return layers;
  }

  /**
   * int32 {@code tokens} and bool {@code keep}: found by type and shape, fed as the model
   * declares them from texts (DJL's ids as int32, its mask as bool) and from arrays; a layer
   * one position shorter than the ids gets no tokens table.
   */
  @Test void idsAndMaskOfOtherNamesAndTypesAreFoundByTypeAndShape() throws Exception {
    Path texts = capture("model_named.onnx", Map.of(), true, CaptureSpec.TokenInputs.FOUND,
        "named");
    assertLayersEqual(texts, "named", "ref_plain_");
    assertTokens(texts, "named", mask, true, "ref_plain_");
    assertEquals(List.of("embedded", "block"), tokenLayers(texts.resolve("named")));
    Path arrays = capture("model_named.onnx", Map.of("tokens",
        exported.resolve("plain_ids_int32.npy"), "keep", exported.resolve("plain_keep.npy")),
        false, CaptureSpec.TokenInputs.FOUND, "namedarrays");
    assertLayersEqual(arrays, "namedarrays", "ref_plain_");
    assertTokens(arrays, "namedarrays", mask, false, "ref_plain_");
  }

  /** Two int64 inputs whose names say nothing: named with --token-input and --mask-input. */
  @Test void idsAndMaskThatNothingTellsApartAreNamed() throws Exception {
    CaptureSpec.TokenInputs named = new CaptureSpec.TokenInputs("ids", "keep", null);
    Path texts = capture("model_pair.onnx", Map.of(), true, named, "pair");
    assertLayersEqual(texts, "pair", "ref_plain_");
    assertTokens(texts, "pair", mask, true, "ref_plain_");
    Path arrays = capture("model_pair.onnx", Map.of("ids", exported.resolve("plain_ids.npy"),
        "keep", exported.resolve("plain_mask.npy")), false, named, "pairarrays");
    assertLayersEqual(arrays, "pairarrays", "ref_plain_");
    assertTokens(arrays, "pairarrays", mask, false, "ref_plain_");
  }

  /**
   * One input, no mask: token arrays keep every position; texts keep the positions the
   * tokenizer's own mask keeps, though the model attends to all.
   */
  @Test void aModelWithoutAMaskInputKeepsEveryPositionOfTokenArrays() throws Exception {
    Path arrays = capture("model_tokens.onnx", Map.of(CaptureSpec.Split.ONLY_INPUT,
        exported.resolve("plain_ids.npy")), false, CaptureSpec.TokenInputs.FOUND,
        "unmasked");
    assertLayersEqual(arrays, "unmasked", "ref_unmasked_");
    assertTokens(arrays, "unmasked", null, false, "ref_unmasked_");
    Path texts = capture("model_tokens.onnx", Map.of(), true, CaptureSpec.TokenInputs.FOUND,
        "unmaskedtexts");
    assertLayersEqual(texts, "unmaskedtexts", "ref_unmasked_");
    assertTokens(texts, "unmaskedtexts", mask, true, "ref_unmasked_");
  }

  static void assertRefused(String model, boolean texts, CaptureSpec.TokenInputs named,
      List<String> tokenLayers, String... parts) throws Exception {
    TextCaptureTest.assertContains(TextCaptureTest.failure(spec(model, Map.of(), texts, named,
        tokenLayers, "refused")), parts);
  }

  /** What cannot be told apart, or is named wrong, is refused before anything is written. */
  @Test void unclearTokenInputsAreRefusedBeforeAnythingIsWritten() throws Exception {
    assertRefused("model_pair.onnx", true, CaptureSpec.TokenInputs.FOUND, List.of(),
        "--texts needs the model's input of token ids", "[ids, keep] could each be it",
        "--token-input NAME");
    assertRefused("model_pair.onnx", true, new CaptureSpec.TokenInputs("ids", null, null),
        List.of(), "the model is also fed 'keep'", "--mask-input keep");
    assertRefused("model_pair.onnx", true, new CaptureSpec.TokenInputs("input", null, null),
        List.of(), "--token-input input: the model has no input 'input'", "[ids, keep]");
    assertRefused("model_named.onnx", true, CaptureSpec.TokenInputs.FOUND, List.of("shifted"),
        "--token-layer shifted", "'tokens' (16)", "[15, 12]");
  }

  /**
   * A length beyond DJL's default cap of 512 is kept: every text not cut at 16 tokens has
   * Python's ids, then padding (id 1) up to 600.
   */
  @Test void aMaxLengthBeyond512IsKept() throws Exception {
    try (TextTokenizer tokenizer = TextTokenizer.open(exported.resolve("plain_tokenizer.json"),
        600, -1)) {
      TokenizedTexts texts = TokenizedTexts.read(exported.resolve("texts.txt"), tokenizer);
      InputArray array = texts.array(TokenizedTexts.Part.IDS, "ids");
      assertEquals(List.of(600L), List.of(array.rowShape()[0]));
      int checked = 0;
      for (int i = 0; i < ids.length; i++) {
        int kept = (int) Arrays.stream(mask[i]).sum();
        if (kept == LENGTH) {
          continue;
        }
        long[] row = new long[600];
        array.readIntegers(i, 1, row, 0);
        for (int p = 0; p < 600; p++) {
          assertEquals(p < kept ? ids[i][p] : 1, row[p], "text " + i + " position " + p);
        }
        checked++;
      }
      assertTrue(checked > 0, "some texts are shorter than 16 tokens");
    }
  }

  /**
   * A tokens table is listed in boundary.layers; under TABLESAMPLE BOUNDARY its population is
   * every token of the group (POPULATION_COUNT against a loop over Python's mask), its sample
   * whole items, so no error estimate is given; a sampled capture has no population of tokens
   * (and its layer tables' population is its latent store's items).
   */
  @Test void theTokensOfEveryItemAreATokensTablesPopulation() throws Exception {
    Path catalog = capture("model_named.onnx", Map.of(), true, CaptureSpec.TokenInputs.FOUND,
        "population");
    int[] labels = Files.readAllLines(exported.resolve("labels.txt")).stream()
        .mapToInt(Integer::parseInt).toArray();
    long total = Arrays.stream(mask).flatMapToLong(Arrays::stream).sum();
    try (Connection c = connect(catalog)) {
      assertEquals(List.of(List.of("embedded_tokens", "tokens of embedded", "[12]", 12, 300,
          (int) total), List.of("block_tokens", "tokens of block", "[12]", 12, 300,
          (int) total)), JdbcRows.rows(c, "select layer, kind, shape, width, items, rows_cached"
          + " from boundary.layers where store = 'population' and kind like 'tokens%'"));
      List<Integer> sampled = JdbcRows.rows(c, "select id from population.block tablesample"
          + " boundary('uniform', 0.2)").stream().map(r -> ((Number) r.get(0)).intValue())
          .toList();
      List<List<Object>> rows = JdbcRows.rows(c, "select label, population_count(), count(*),"
          + " error_estimator(), avg_activation_error(activation) from population.block_tokens"
          + " tablesample boundary('uniform', 0.2) group by label order by label");
      for (List<Object> row : rows) {
        int label = ((Number) row.get(0)).intValue();
        long population = 0;
        long read = 0;
        for (int i = 0; i < labels.length; i++) {
          long kept = labels[i] == label ? Arrays.stream(mask[i]).sum() : 0;
          population += kept;
          read += sampled.contains(i) ? kept : 0;
        }
        assertEquals(List.of(population, read, "none"), List.of(((Number) row.get(1))
            .longValue(), ((Number) row.get(2)).longValue(), row.get(3)), "label " + label);
        assertEquals(null, row.get(4));
      }
      assertEquals(3, rows.size());
    }
    Path sampledCatalog = tmp.resolve("catalogs").resolve("sampledcapture");
    CaptureSpec spec = spec("model_named.onnx", Map.of(), true, CaptureSpec.TokenInputs.FOUND,
        List.of(), "sampledcapture");
    Capture.run(new CaptureSpec(spec.model(), spec.splits(), null, spec.layers(), "pooled",
        "logits", null, 0, spec.out(), new SampleSpec(
            SamplingMethod.UNIFORM, 0.2, 0.7, 0), false, spec.text(),
        List.of(), CaptureSpec.LatentPool.NONE), ProgressListener.NONE);
    try (Connection c = connect(sampledCatalog)) {
      // a layer table's population is the latent store's items, not the sample
      for (List<Object> row : JdbcRows.rows(c, "select label, population_count(), count(*)"
          + " from sampledcapture_uniform_20.block group by label")) {
        int label = ((Number) row.get(0)).intValue();
        assertEquals(Arrays.stream(labels).filter(l -> l == label).count(),
            ((Number) row.get(1)).longValue(), "items of label " + label);
        assertTrue(((Number) row.get(2)).longValue() < ((Number) row.get(1)).longValue());
      }
      TextCaptureTest.assertContains(assertThrows(SQLException.class,
          () -> JdbcRows.rows(c, "select label, population_count() from"
              + " sampledcapture_uniform_20.block_tokens group by label")).getMessage(),
          "where a tokens table reads them", "sampledcapture_uniform_20.block_tokens");
    }
  }

  /**
   * GROUP BY token over a tokens table, computed by the table itself (EXPLAIN shows it), of
   * every item and of a sample, and filtered on item columns (pushed into the table): counts
   * and means against a loop over Python's encoding and PyTorch's values; POPULATION_COUNT of a
   * filtered sample against the loop too.
   */
  @Test void groupByTokenEqualsALoop() throws Exception {
    Path catalog = capture("model_named.onnx", Map.of(), true, CaptureSpec.TokenInputs.FOUND,
        "grouped");
    float[][] block = PythonExports.readFloats(exported.resolve("ref_plain_block.npy"));
    int[] labels = Files.readAllLines(exported.resolve("labels.txt")).stream()
        .mapToInt(Integer::parseInt).toArray();
    int hidden = block[0].length / LENGTH;
    try (Connection c = connect(catalog)) {
      List<Integer> sampled = JdbcRows.rows(c, "select id from grouped.block tablesample"
          + " boundary('maxmargin', 0.3)").stream().map(r -> ((Number) r.get(0)).intValue())
          .toList();
      for (String from : List.of("grouped.block_tokens", "grouped.block_tokens tablesample"
          + " boundary('maxmargin', 0.3)")) {
        for (String where : List.of("", " where label = 1 and id < 200")) {
          String query = "select token, count(*), avg_activation(activation) from " + from
              + where + " group by token";
          TextCaptureTest.assertContains(JdbcRows.rows(c, "explain plan for " + query)
              .toString(), "TokensAggregate", "group=[token]", where.isEmpty() ? "" : "filter");
          Map<String, double[]> sums = new LinkedHashMap<>();
          Map<String, Long> counts = new LinkedHashMap<>();
          for (int i = 0; i < ids.length; i++) {
            for (int p = 0; p < LENGTH; p++) {
              if (mask[i][p] == 0 || from.contains("tablesample") && !sampled.contains(i)
                  || !where.isEmpty() && (labels[i] != 1 || i >= 200)) {
                continue;
              }
              String token = tokens.get(i).get(p).asText();
              counts.merge(token, 1L, Long::sum);
              double[] sum = sums.computeIfAbsent(token, t -> new double[hidden]);
              for (int k = 0; k < hidden; k++) {
                sum[k] += block[i][p * hidden + k];
              }
            }
          }
          List<List<Object>> rows = JdbcRows.rows(c, query);
          assertEquals(counts.size(), rows.size(), query);
          for (List<Object> row : rows) {
            String token = (String) row.get(0);
            long count = ((Number) row.get(1)).longValue();
            assertEquals(counts.get(token), count, token);
            float[] mean = floats(row.get(2));
            for (int k = 0; k < hidden; k++) {
              assertEquals(sums.get(token)[k] / count, mean[k], 1e-5, token + " neuron " + k);
            }
          }
        }
      }
      for (List<Object> row : JdbcRows.rows(c, "select label, population_count(), count(*)"
          + " from grouped.block_tokens tablesample boundary('maxmargin', 0.3) where id < 150"
          + " group by label")) {
        int label = ((Number) row.get(0)).intValue();
        long population = 0;
        long read = 0;
        for (int i = 0; i < 150; i++) {
          long kept = labels[i] == label ? Arrays.stream(mask[i]).sum() : 0;
          population += kept;
          read += sampled.contains(i) ? kept : 0;
        }
        assertEquals(List.of(population, read), List.of(((Number) row.get(1)).longValue(),
            ((Number) row.get(2)).longValue()), "label " + label);
      }
    }
  }
}
