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
import java.util.Arrays;
import java.util.List;
import java.util.LongSummaryStatistics;

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

  private final Path file;
  private final List<String> texts;
  private final int length;
  private final long[][] values = new long[Part.values().length][];
  private final String[][] tokens;
  private final int truncated;

  private TokenizedTexts(Path file, List<String> texts, TextTokenizer tokenizer) {
    this.file = file;
    this.texts = texts;
    this.length = tokenizer.length();
    Encoding[] encodings = tokenizer.encode(texts);
    for (int k = 0; k < values.length; k++) {
      values[k] = new long[texts.size() * length];
    }
    tokens = new String[texts.size()][];
    int exceeded = 0;
    for (int i = 0; i < encodings.length; i++) {
      Encoding e = encodings[i];
      long[][] parts = {e.getIds(), e.getAttentionMask(), e.getTypeIds()};
      for (int k = 0; k < parts.length; k++) {
        if (parts[k].length != length) {
          throw new IllegalStateException(tokenizer.file() + " gave " + parts[k].length
              + " tokens for line " + (i + 1) + " of " + file + ", not " + length);
        }
        System.arraycopy(parts[k], 0, values[k], i * length, length);
      }
      tokens[i] = e.getTokens();
      exceeded += e.exceedMaxLength() ? 1 : 0;
    }
    this.truncated = exceeded;
  }

  /** Reads {@code file} and tokenizes every line. */
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
    return tokens[item];
  }

  /** Items longer than the length, cut. */
  int truncated() {
    return truncated;
  }

  /** The attention mask of an item, padding 0. */
  long[] mask(int item) {
    return Arrays.copyOfRange(values[Part.MASK.ordinal()], item * length, (item + 1) * length);
  }

  /**
   * The values of {@code part} as rows of model input {@code name}, of the narrowest element
   * type that holds them all (a mask is bool), so that any integer input that holds them
   * exactly takes them.
   */
  InputArray array(Part part, String name) {
    long[] data = values[part.ordinal()];
    LongSummaryStatistics range = Arrays.stream(data).summaryStatistics();
    NpyDtype dtype = range.getMin() < 0 || range.getMax() > Integer.MAX_VALUE ? NpyDtype.INT64
        : range.getMax() > 255 ? NpyDtype.INT32 : range.getMax() > 1 ? NpyDtype.UINT8
        : NpyDtype.BOOL;
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
        for (int i = 0; i < count * length; i++) {
          target[offset + i] = data[Math.toIntExact(first * length) + i];
        }
      }

      @Override public void readIntegers(long first, int count, long[] target, int offset) {
        System.arraycopy(data, Math.toIntExact(first * length), target, offset, count * length);
      }

      @Override public String toString() {
        return name + " of " + file + " " + Arrays.toString(rowShape());
      }
    };
  }
}
