/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.BoundaryHome;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A Hugging Face tokenizer ({@code tokenizer.json}) run by DJL's binding of the Rust
 * {@code tokenizers} library, padding and truncating every text to one length: the
 * {@code --max-length} given, else the fixed padding the file sets. DJL runs offline, its
 * native library unpacked under {@code $BOUNDARY_HOME/djl}.
 */
final class TextTokenizer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final HuggingFaceTokenizer tokenizer;
  private final int length;
  private final long maxId;
  private final long maxTypeId;
  /** The one thread that tokenizes, ahead of the model (see {@link #submit}). */
  private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
    Thread tokenizing = new Thread(task, "tokenizer");
    tokenizing.setDaemon(true);
    return tokenizing;
  });

  private TextTokenizer(Path file, HuggingFaceTokenizer tokenizer, int length, long maxId,
      long maxTypeId) {
    this.file = file;
    this.tokenizer = tokenizer;
    this.length = length;
    this.maxId = maxId;
    this.maxTypeId = maxTypeId;
  }

  /**
   * Loads {@code file}; {@code maxLength} (0 if not given) or the file's fixed padding sets the
   * length, which must equal {@code modelLength} where the model fixes one (-1 if it does not).
   */
  static TextTokenizer open(Path file, int maxLength, long modelLength) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such tokenizer file");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " does not parse as a Hugging Face"
          + " tokenizer.json: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.has("model")) {
      throw new IllegalArgumentException(file + " is no Hugging Face tokenizer.json (it has no"
          + " \"model\")");
    }
    int fixed = root.path("padding").path("strategy").path("Fixed").asInt(0);
    int length = maxLength > 0 ? maxLength : fixed;
    if (length <= 0) {
      throw new IllegalArgumentException(file + " pads each batch to its longest text, but a"
          + " store needs one length for every item: pass --max-length N"
          + (modelLength > 0 ? " (the model takes " + modelLength + " tokens)" : ""));
    }
    if (modelLength > 0 && length != modelLength) {
      throw new IllegalArgumentException("the model takes sequences of " + modelLength
          + " tokens, but " + (maxLength > 0 ? "--max-length is " : file + " pads to ") + length
          + (maxLength > 0 ? "" : ": pass --max-length " + modelLength));
    }
    configureDjl();
    try {
      HuggingFaceTokenizer.Builder builder = HuggingFaceTokenizer.builder()
          .optTokenizerPath(file).optTruncation(true).optPadToMaxLength().optMaxLength(length);
      // DJL otherwise caps every length at a default of 512 tokens
      builder.configure(Map.of("modelMaxLength", length));
      HuggingFaceTokenizer tokenizer = builder.build();
      return new TextTokenizer(file, tokenizer, length, maxId(root),
          maxValue(root.path("post_processor"), "type_id"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": the tokenizers library cannot load it: "
          + e.getMessage(), e);
    }
  }

  /**
   * The largest token id of the file's vocabulary and added tokens, or -1 if it lists none:
   * a vocabulary of token to id (WordPiece, BPE, WordLevel) or of [token, score] (Unigram).
   */
  private static long maxId(JsonNode root) {
    JsonNode vocab = root.path("model").path("vocab");
    long max = vocab.isArray() ? vocab.size() - 1 : maxValue(vocab, null);
    return Math.max(max, maxValue(root.path("added_tokens"), "id"));
  }

  /**
   * The largest integer in {@code node}, at any depth: of the fields named {@code field}, or
   * of every value if null; -1 if none.
   */
  private static long maxValue(JsonNode node, String field) {
    long max = -1;
    for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>)
        node::fields) {
      JsonNode value = entry.getValue();
      max = Math.max(max, value.isIntegralNumber() && (field == null
          || field.equals(entry.getKey())) ? value.asLong() : maxValue(value, field));
    }
    for (JsonNode element : node.isArray() ? node : List.<JsonNode>of()) {
      max = Math.max(max, maxValue(element, field));
    }
    return max;
  }

  /** Offline (DJL otherwise looks for a cloud host on every load), cached in our home. */
  private static void configureDjl() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
      System.setProperty("DJL_CACHE_DIR", BoundaryHome.directory().resolve("djl").toString());
    }
  }

  /** The tokenizer file. */
  Path file() {
    return file;
  }

  /** The length every text is padded or truncated to. */
  int length() {
    return length;
  }

  /** The largest token id the tokenizer gives (-1 if its file does not say). */
  long maxId() {
    return maxId;
  }

  /** The largest token type id the tokenizer gives (0 unless its post-processor says). */
  long maxTypeId() {
    return Math.max(0, maxTypeId);
  }

  /** The encodings of {@code texts}, each of {@link #length()} tokens. */
  Encoding[] encode(List<String> texts) {
    return tokenizer.batchEncode(texts);
  }

  /**
   * Runs {@code work} (calls of {@link #encode}) on the tokenizer's thread, after the work
   * submitted before it: texts are tokenized while the model runs on the ones before.
   */
  Future<?> submit(Runnable work) {
    return thread.submit(work);
  }

  /** Stops the work not started, waits for the running one, and frees the tokenizer. */
  @Override public void close() {
    thread.shutdownNow();
    boolean idle = false;
    try {
      idle = thread.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (idle) {
      // freed while it still ran, the native tokenizer would crash the process
      tokenizer.close();
    }
  }
}
