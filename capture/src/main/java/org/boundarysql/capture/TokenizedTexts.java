/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.NpyDtype;

import ai.djl.huggingface.tokenizers.Encoding;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The texts of one split (a UTF-8 file, one item a line) and what the tokenizer made of them:
 * each item's token ids, attention mask, token type ids and token texts, all of one length.
 */
final class TokenizedTexts {
  /** What the tokenizer gives each text, each a model input may take. */
  enum Part {
    /** The token ids. */
    IDS,
    /** The attention mask: 1 for a token, 0 for padding. */
    MASK,
    /** The token type (segment) ids. */
    TYPES
  }

  /** Texts tokenized at once: small enough for the model's first batch to start soon. */
  private static final int CHUNK = 128;

  private final Path file;
  private final List<String> texts;
  private final int length;
  private final long[] bounds;
  private final long[][] values = new long[Part.values().length][];
  private final String[][] tokens;
  private final int[] truncated;
  /** The tokenization of each chunk of {@link #CHUNK} texts, in order. */
  private final List<Future<?>> chunks = new ArrayList<>();

  private TokenizedTexts(Path file, List<String> texts, TextTokenizer tokenizer) {
    this.file = file;
    this.texts = texts;
    this.length = tokenizer.length();
    // a value above its bound would not fit the type the inputs are declared of
    this.bounds = new long[] {tokenizer.maxId() < 0 ? Long.MAX_VALUE : tokenizer.maxId(), 1,
        tokenizer.maxTypeId()};
    for (int k = 0; k < values.length; k++) {
      values[k] = new long[texts.size() * length];
    }
    tokens = new String[texts.size()][];
    truncated = new int[(texts.size() + CHUNK - 1) / CHUNK];
    for (int from = 0; from < texts.size(); from += CHUNK) {
      int start = from;
      chunks.add(tokenizer.submit(() -> tokenize(tokenizer, start,
          Math.min(texts.size(), start + CHUNK))));
    }
  }

  /** Tokenizes texts {@code [from, to)}, on the tokenizer's thread. */
  private void tokenize(TextTokenizer tokenizer, int from, int to) {
    Encoding[] encodings = tokenizer.encode(texts.subList(from, to));
    int exceeded = 0;
    for (int j = 0; j < encodings.length; j++) {
      int i = from + j;
      Encoding e = encodings[j];
      long[][] parts = {e.getIds(), e.getAttentionMask(), e.getTypeIds()};
      for (int k = 0; k < parts.length; k++) {
        if (parts[k].length != length) {
          throw new IllegalStateException(tokenizer.file() + " gave " + parts[k].length
              + " tokens for line " + (i + 1) + " of " + file + ", not " + length);
        }
        for (long value : parts[k]) {
          if (value < 0 || value > bounds[k]) {
            // the user's tokenizer.json contradicts itself: bad input, not a fault of ours
            throw new IllegalArgumentException(tokenizer.file() + " gave line " + (i + 1) + " of "
                + file + " a value " + value + " of its " + Part.values()[k] + " outside [0, "
                + bounds[k] + "], the range its vocabulary and post-processor declare");
          }
        }
        System.arraycopy(parts[k], 0, values[k], i * length, length);
      }
      tokens[i] = e.getTokens();
      exceeded += e.exceedMaxLength() ? 1 : 0;
    }
    truncated[from / CHUNK] = exceeded;
  }

  /** Waits until items {@code [from, to)} are tokenized; rethrows what stopped it. */
  private void await(long from, long to) {
    for (long c = from / CHUNK; c * CHUNK < to; c++) {
      try {
        chunks.get(Math.toIntExact(c)).get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IllegalStateException(file + ": tokenizing failed: " + e.getCause(),
            e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while tokenizing " + file, e);
      }
    }
  }

  /**
   * Reads {@code file} and starts tokenizing every line on the tokenizer's thread; the values
   * of an item are read once it is tokenized.
   */
  static TokenizedTexts read(Path file, TextTokenizer tokenizer) throws IOException {
    List<String> lines;
    try {
      lines = List.of(StandardCharsets.UTF_8.newDecoder()
          .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString().split("\r?\n", -1));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such texts file");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + " is not UTF-8 text: " + e.getMessage());
    }
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    return new TokenizedTexts(file, lines, tokenizer);
  }

  /** The texts file. */
  Path file() {
    return file;
  }

  /** Number of items. */
  int size() {
    return texts.size();
  }

  /** The text of an item. */
  String text(int item) {
    return texts.get(item);
  }

  /** The token texts of an item, padding included. */
  String[] tokens(int item) {
    await(item, item + 1);
    return tokens[item];
  }

  /** Items longer than the length, cut (once every item is tokenized). */
  int truncated() {
    await(0, texts.size());
    return Arrays.stream(truncated).sum();
  }

  /** The attention mask of an item, padding 0. */
  long[] mask(int item) {
    await(item, item + 1);
    return Arrays.copyOfRange(values[Part.MASK.ordinal()], item * length, (item + 1) * length);
  }

  /**
   * The values of {@code part} as rows of model input {@code name}, of the narrowest element
   * type that holds every value the tokenizer can give (its vocabulary's ids; a mask is bool),
   * so that any integer input that holds them exactly takes them.
   */
  InputArray array(Part part, String name) {
    long[] data = values[part.ordinal()];
    long max = bounds[part.ordinal()];
    NpyDtype dtype = max > Integer.MAX_VALUE ? NpyDtype.INT64 : max > 255 ? NpyDtype.INT32
        : max > 1 ? NpyDtype.UINT8 : NpyDtype.BOOL;
    return new InputArray() {
      @Override public Path file() {
        return file;
      }

      @Override public NpyDtype dtype() {
        return dtype;
      }

      @Override public long rows() {
        return texts.size();
      }

      @Override public long[] rowShape() {
        return new long[] {length};
      }

      @Override public int rowValues() {
        return length;
      }

      @Override public void read(long first, int count, float[] target, int offset) {
        await(first, first + count);
        for (int i = 0; i < count * length; i++) {
          target[offset + i] = data[Math.toIntExact(first * length) + i];
        }
      }

      @Override public void readIntegers(long first, int count, long[] target, int offset) {
        await(first, first + count);
        System.arraycopy(data, Math.toIntExact(first * length), target, offset, count * length);
      }

      @Override public String toString() {
        return name + " of " + file + " " + Arrays.toString(rowShape());
      }
    };
  }
}
