/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.adapter.JdbcRows;
import org.boundarysql.task.ProgressListener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A text classifier trained and exported by PyTorch in the test ({@code text_model.py}: two
 * int64 inputs, input_ids and attention_mask, with a dynamic batch, and again with a fixed
 * batch of 1), captured from token arrays and from texts with its tokenizer.json: every
 * captured value, read through SQL, equals PyTorch's own (forward hooks) within 1e-5, and the
 * ids DJL's tokenizer makes equal those of Python's {@code tokenizers}. Bad inputs are refused
 * before anything is written.
 */
class TextCaptureTest {
  private static final List<String> LAYERS = List.of("embedded", "block", "pooled", "logits");

  @TempDir static Path tmp;
  static Path exported;
  static Map<String, float[][]> reference;

  @BeforeAll
  static void exportFromPyTorch() throws Exception {
    exported = PythonExports.run("text_model.py", tmp.resolve("exported"));
    reference = PythonExports.readReferences(exported, LAYERS);
  }

  static Map<String, String> layers() {
    Map<String, String> layers = new LinkedHashMap<>();
    LAYERS.forEach(layer -> layers.put(layer, layer));
    return layers;
  }

  static CaptureSpec spec(String model, Map<String, Path> arrays, Path texts, Path out,
      int batch, CaptureSpec.TextInput text) {
    return spec(model, arrays, texts, out, batch, text, "pooled", CaptureSpec.LatentPool.NONE);
  }

  static CaptureSpec spec(String model, Map<String, Path> arrays, Path texts, Path out,
      int batch, CaptureSpec.TextInput text, String latent, CaptureSpec.LatentPool pool) {
    return new CaptureSpec(exported.resolve(model), List.of(new CaptureSpec.Split("test",
        arrays, texts, exported.resolve("labels.txt"))), null, layers(), latent, "logits",
        null, batch, out, null, false, text, List.of(), pool);
  }

  static List<Float> floats(Object array) {
    return ((List<?>) array).stream().map(v -> ((Number) v).floatValue()).toList();
  }

  /**
   * The tokens table of a layer captured from texts equals a direct computation from Python's
   * encoding and PyTorch's values: one row per position the attention mask keeps, with its id,
   * token text and activation; a BOUNDARY sample keeps every token of the sampled items, and
   * AVG_ACTIVATION and TOPK_NEURONS over tokens equal a plain loop over the same rows.
   */
  @Test void tokensTablesHoldARowPerUnpaddedPosition() throws Exception {
    Path catalog = tmp.resolve("tokens");
    Capture.run(spec("model.onnx", Map.of(), exported.resolve("texts.txt"),
        catalog.resolve("t"), 0, tokenizer()), ProgressListener.NONE);
    long[][] ids = PythonExports.readLongs(exported.resolve("input_ids.npy"));
    long[][] mask = PythonExports.readLongs(exported.resolve("attention_mask.npy"));
    JsonNode tokens = new ObjectMapper().readTree(exported.resolve("tokens.json").toFile());
    float[][] block = reference.get("block");
    int[] labels = Files.readAllLines(exported.resolve("labels.txt")).stream()
        .mapToInt(Integer::parseInt).toArray();
    int hidden = block[0].length / 16;
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog
        + ";cache=" + tmp.resolve("cache"))) {
      for (String layer : List.of("embedded", "block")) {
        float[][] values = reference.get(layer);
        // POSITION is an SQL keyword: the column is quoted
        List<List<Object>> rows = JdbcRows.rows(c, "select id, \"position\", token_id, token,"
            + " label, activation from t." + layer + "_tokens order by id, \"position\"");
        int r = 0;
        for (int i = 0; i < ids.length; i++) {
          for (int p = 0; p < 16; p++) {
            if (mask[i][p] == 0) {
              continue;
            }
            List<Object> row = rows.get(r++);
            assertEquals(List.of((long) i, p, ids[i][p], tokens.get(i).get(p).asText(),
                labels[i]), List.of(((Number) row.get(0)).longValue(), row.get(1),
                ((Number) row.get(2)).longValue(), row.get(3), row.get(4)));
            List<Float> activation = floats(row.get(5));
            for (int k = 0; k < hidden; k++) {
              assertEquals(values[i][p * hidden + k], activation.get(k), 1e-5,
                  layer + " of item " + i + " position " + p);
            }
          }
        }
        assertEquals(r, rows.size(), "one row per unpadded position");
      }
      List<Long> sampled = JdbcRows.rows(c, "select id from t.block tablesample"
          + " boundary('maxmargin', 0.1) order by id").stream()
          .map(row -> ((Number) row.get(0)).longValue()).toList();
      List<List<Object>> sampledTokens = JdbcRows.rows(c, "select id, count(*) from"
          + " t.block_tokens tablesample boundary('maxmargin', 0.1) group by id order by id");
      assertEquals(sampled, sampledTokens.stream().map(row -> ((Number) row.get(0)).longValue())
          .toList(), "every sampled item, and no other, has its tokens");
      for (List<Object> row : sampledTokens) {
        long kept = Arrays.stream(mask[((Number) row.get(0)).intValue()]).sum();
        assertEquals(kept, ((Number) row.get(1)).longValue(), "all tokens of item " + row);
      }
      List<List<Object>> means = JdbcRows.rows(c, "select label, avg_activation(activation),"
          + " topk_neurons(activation, 3) from t.block_tokens group by label order by label");
      for (List<Object> mean : means) {
        int label = ((Number) mean.get(0)).intValue();
        double[] sum = new double[hidden];
        int count = 0;
        for (int i = 0; i < ids.length; i++) {
          for (int p = 0; p < 16; p++) {
            if (labels[i] == label && mask[i][p] != 0) {
              count++;
              for (int k = 0; k < hidden; k++) {
                sum[k] += block[i][p * hidden + k];
              }
            }
          }
        }
        List<?> got = (List<?>) mean.get(1);
        Integer[] order = new Integer[hidden];
        for (int k = 0; k < hidden; k++) {
          order[k] = k;
          assertEquals(sum[k] / count, ((Number) got.get(k)).doubleValue(), 1e-5,
              "mean of neuron " + k + " over the tokens of class " + label);
        }
        Arrays.sort(order, (a, b) -> Double.compare(sum[b], sum[a]));
        assertEquals(List.of(order[0], order[1], order[2]), ((List<?>) mean.get(2)).stream()
            .map(v -> ((Number) v).intValue()).toList(), "top neurons of class " + label);
      }
    }
  }

  /** --latent-pool mean and first over a layer of a row per token, against PyTorch's. */
  @Test void aLatentLayerOfARowPerTokenIsPooledOverUnpaddedPositions() throws Exception {
    Path catalog = tmp.resolve("pooled");
    Capture.run(spec("model.onnx", arrays("input_ids.npy"), null, catalog.resolve("mean"), 0,
        null, "block", CaptureSpec.LatentPool.MEAN), ProgressListener.NONE);
    Capture.run(spec("model.onnx", arrays("input_ids.npy"), null, catalog.resolve("firsttoken"), 0,
        null, "block", CaptureSpec.LatentPool.FIRST), ProgressListener.NONE);
    float[][] pooled = reference.get("pooled");
    float[][] block = reference.get("block");
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog
        + ";cache=" + tmp.resolve("cache"))) {
      for (List<Object> row : JdbcRows.rows(c, "select id, activation from mean.block")) {
        int id = ((Number) row.get(0)).intValue();
        List<Float> activation = floats(row.get(1));
        assertEquals(pooled[id].length, activation.size());
        for (int k = 0; k < activation.size(); k++) {
          assertEquals(pooled[id][k], activation.get(k), 1e-5, "mean of item " + id);
        }
      }
      for (List<Object> row : JdbcRows.rows(c, "select id, activation from firsttoken.block")) {
        int id = ((Number) row.get(0)).intValue();
        List<Float> activation = floats(row.get(1));
        for (int k = 0; k < activation.size(); k++) {
          assertEquals(block[id][k], activation.get(k), 1e-5, "first token of item " + id);
        }
      }
    }
  }

  static Map<String, Path> arrays(String ids) {
    return Map.of("input_ids", exported.resolve(ids), "attention_mask",
        exported.resolve("attention_mask.npy"));
  }

  static CaptureSpec.TextInput tokenizer() {
    return new CaptureSpec.TextInput(exported.resolve("tokenizer.json"), 0);
  }

  /** Every layer of every item, read through SQL, equals PyTorch's within 1e-5. */
  static void assertEqualsPyTorch(Path catalog, String store) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog
        + ";cache=" + tmp.resolve("cache"))) {
      for (String layer : LAYERS) {
        float[][] expected = reference.get(layer);
        List<List<Object>> rows = JdbcRows.rows(c, "select id, activation from " + store + "."
            + layer + " order by id");
        assertEquals(expected.length, rows.size());
        for (List<Object> row : rows) {
          int id = ((Number) row.get(0)).intValue();
          List<?> activation = (List<?>) row.get(1);
          float[] actual = new float[activation.size()];
          for (int k = 0; k < actual.length; k++) {
            actual[k] = ((Number) activation.get(k)).floatValue();
          }
          assertArrayEquals(expected[id], actual, 1e-5f, layer + " of item " + id);
        }
      }
    }
  }

  @Test void tokenArraysOfTwoInt64InputsGivePyTorchsValues() throws Exception {
    Path catalog = tmp.resolve("arrays");
    Capture.run(spec("model.onnx", arrays("input_ids.npy"), null, catalog.resolve("ids"), 64,
        null), ProgressListener.NONE);
    assertEqualsPyTorch(catalog, "ids");
  }

  @Test void int32IdsAreFedExactlyAsTheModelsInt64() throws Exception {
    Path catalog = tmp.resolve("int32");
    Capture.run(spec("model.onnx", arrays("input_ids_int32.npy"), null,
        catalog.resolve("ids32"), 0, null), ProgressListener.NONE);
    assertEqualsPyTorch(catalog, "ids32");
  }

  @Test void aModelExportedWithAFixedBatchOfOneRunsItemByItem() throws Exception {
    Path catalog = tmp.resolve("batch1");
    Capture.run(spec("model_batch1.onnx", arrays("input_ids.npy"), null,
        catalog.resolve("single"), 1, null), ProgressListener.NONE);
    assertEqualsPyTorch(catalog, "single");
  }

  @Test void textsGiveTheIdsOfPythonTokenizersAndPyTorchsValues() throws Exception {
    Path tokenizerFile = exported.resolve("tokenizer.json");
    List<String> texts = Files.readAllLines(exported.resolve("texts.txt"),
        StandardCharsets.UTF_8);
    try (TextTokenizer tokenizer = TextTokenizer.open(tokenizerFile, 0, 16)) {
      TokenizedTexts tokenized = TokenizedTexts.read(exported.resolve("texts.txt"), tokenizer);
      assertEquals(texts.size(), tokenized.size());
      JsonNode tokens = new ObjectMapper().readTree(exported.resolve("tokens.json").toFile());
      for (TokenizedTexts.Part part : TokenizedTexts.Part.values()) {
        String input = List.of("input_ids", "attention_mask", "token_type_ids")
            .get(part.ordinal());
        long[][] expected = PythonExports.readLongs(exported.resolve(input + ".npy"));
        InputArray actual = tokenized.array(part, input);
        for (int i = 0; i < expected.length; i++) {
          long[] row = new long[16];
          actual.readIntegers(i, 1, row, 0);
          assertArrayEquals(expected[i], row, input + " of text " + i + ": " + texts.get(i));
        }
      }
      for (int i = 0; i < texts.size(); i++) {
        List<String> expected = new java.util.ArrayList<>();
        tokens.get(i).forEach(t -> expected.add(t.asText()));
        assertEquals(expected, List.of(tokenized.tokens(i)), "tokens of text " + i);
      }
      assertEquals(Integer.parseInt(Files.readString(exported.resolve("truncated.txt")).strip()),
          tokenized.truncated());
    }
    Path catalog = tmp.resolve("texts");
    Capture.Report report = Capture.run(spec("model.onnx", Map.of(),
        exported.resolve("texts.txt"), catalog.resolve("fortunes"), 0, tokenizer()),
        ProgressListener.NONE);
    assertEquals(Integer.parseInt(Files.readString(exported.resolve("truncated.txt")).strip()),
        report.truncated());
    assertEqualsPyTorch(catalog, "fortunes");
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog
        + ";cache=" + tmp.resolve("cache"))) {
      List<List<Object>> rows = JdbcRows.rows(c, "select id, text from fortunes.items"
          + " order by id");
      for (List<Object> row : rows) {
        assertEquals(texts.get(((Number) row.get(0)).intValue()), row.get(1));
      }
      assertEquals(texts.size(), rows.size());
    }
  }

  /** Runs the capture, expects it to fail before writing anything; returns the message. */
  static String failure(CaptureSpec spec) throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Capture.run(spec, ProgressListener.NONE));
    Path out = spec.out();
    try (Stream<Path> entries = Files.list(out.getParent())) {
      assertEquals(List.of(), entries.toList(), "nothing written for: " + e.getMessage());
    }
    return e.getMessage();
  }

  static Path emptyOut(String name) throws IOException {
    return Files.createDirectories(tmp.resolve("failed").resolve(name)).resolve("store");
  }

  static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' not in: " + message);
    }
  }

  @Test void badInputsAreRefusedBeforeAnythingIsWritten() throws Exception {
    assertContains(failure(spec("model.onnx", Map.of("input_ids",
        exported.resolve("input_ids.npy")), null, emptyOut("missing"), 0, null)),
        "no values for the model's input 'attention_mask'");
    Map<String, Path> unknown = new LinkedHashMap<>(arrays("input_ids.npy"));
    unknown.put("segment_ids", exported.resolve("token_type_ids.npy"));
    assertContains(failure(spec("model.onnx", unknown, null, emptyOut("unknown"), 0, null)),
        "has no input 'segment_ids'", "[input_ids, attention_mask]");
    assertContains(failure(spec("model.onnx", Map.of(CaptureSpec.Split.ONLY_INPUT,
        exported.resolve("input_ids.npy")), null, emptyOut("unnamed"), 0, null)),
        "has 2 inputs [input_ids, attention_mask]", "input_ids:FILE,attention_mask:FILE");
    assertContains(failure(spec("model.onnx", arrays("input_ids_float.npy"), null,
        emptyOut("dtype"), 0, null)), "input_ids_float.npy holds float32 values",
        "input 'input_ids' is int64");
    List<String> texts = Files.readAllLines(exported.resolve("texts.txt"),
        StandardCharsets.UTF_8);
    Path short1 = tmp.resolve("short.txt");
    Files.write(short1, texts.subList(0, texts.size() - 1), StandardCharsets.UTF_8);
    assertContains(failure(spec("model.onnx", Map.of(), short1, emptyOut("short"), 0,
        tokenizer())), "labels.txt holds " + texts.size() + " labels but " + short1 + " holds "
        + (texts.size() - 1) + " items");
    Path broken = tmp.resolve("broken-tokenizer.json");
    Files.writeString(broken, "{\"model\": {\"type\": \"WordPiece\"");
    assertContains(failure(spec("model.onnx", Map.of(), exported.resolve("texts.txt"),
        emptyOut("tokenizer"), 0, new CaptureSpec.TextInput(broken, 0))),
        "does not parse as a Hugging Face tokenizer.json");
    assertContains(failure(spec("model.onnx", Map.of(), exported.resolve("texts.txt"),
        emptyOut("length"), 0, new CaptureSpec.TextInput(exported.resolve("tokenizer.json"),
        20))), "the model takes sequences of 16 tokens, but --max-length is 20");
  }

  /**
   * A tokenizer.json whose post-processor adds [CLS] with an id past its vocabulary, or whose
   * padding gives a type id past those its post-processor declares: a value that the input
   * arrays kept for the model (of the narrowest type the file's ranges allow) would not hold.
   * Refused naming the value, the line and the range, and the capture writes nothing.
   */
  @Test void aTokenizerGivingAValuePastItsDeclaredRangeIsRefused() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(exported.resolve("tokenizer.json").toFile());
    long maxId = 0;
    for (JsonNode id : (Iterable<JsonNode>) root.path("model").path("vocab")::elements) {
      maxId = Math.max(maxId, id.asLong());
    }
    ObjectNode cls = (ObjectNode) root.path("post_processor").path("special_tokens")
        .path("[CLS]");
    ((ArrayNode) cls.path("ids")).removeAll().add(maxId + 500);
    Path pastVocabulary = tmp.resolve("id-past-vocabulary.json");
    json.writeValue(pastVocabulary.toFile(), root);
    Path texts = exported.resolve("texts.txt");
    try (TextTokenizer tokenizer = TextTokenizer.open(pastVocabulary, 0, 16)) {
      TokenizedTexts tokenized = TokenizedTexts.read(texts, tokenizer);
      assertContains(assertThrows(IllegalArgumentException.class, () -> tokenized.tokens(0))
          .getMessage(), pastVocabulary + " gave line 1 of " + texts, "a value "
          + (maxId + 500) + " of its IDS outside [0, " + maxId + "]");
    }
    assertContains(failure(spec("model.onnx", Map.of(), texts, emptyOut("past-vocabulary"), 0,
        new CaptureSpec.TextInput(pastVocabulary, 0))), "a value " + (maxId + 500));
    root = (ObjectNode) json.readTree(exported.resolve("tokenizer.json").toFile());
    ((ObjectNode) root.path("padding")).put("pad_type_id", 5);
    Path pastTypes = tmp.resolve("type-past-template.json");
    json.writeValue(pastTypes.toFile(), root);
    try (TextTokenizer tokenizer = TextTokenizer.open(pastTypes, 0, 16)) {
      TokenizedTexts tokenized = TokenizedTexts.read(texts, tokenizer);
      assertContains(assertThrows(IllegalArgumentException.class, () -> tokenized.tokens(0))
          .getMessage(), "a value 5 of its TYPES outside [0, 1]");
    }
  }
}
