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

  private TextTokenizer(Path file, HuggingFaceTokenizer tokenizer, int length) {
    this.file = file;
    this.tokenizer = tokenizer;
    this.length = length;
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
      return new TextTokenizer(file, tokenizer, length);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": the tokenizers library cannot load it: "
          + e.getMessage(), e);
    }
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

  /** The encodings of {@code texts}, each of {@link #length()} tokens. */
  Encoding[] encode(List<String> texts) {
    return tokenizer.batchEncode(texts);
  }

  @Override public void close() {
    tokenizer.close();
  }
}
