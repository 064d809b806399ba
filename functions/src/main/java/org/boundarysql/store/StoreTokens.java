/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tokens of a store whose items are token sequences: {@code tokens.csv} lists every
 * unpadded position of every item (item id, position, token id, the tokenizer's text for it or
 * empty), and {@code tokens.json} names the layers that hold one row per position (item shape
 * {@code [length, hidden]}), each of which has a table of one row per token.
 */
public final class StoreTokens {
  /** The token rows' file in a store. */
  public static final String FILE_NAME = "tokens.csv";
  /** The file naming the token layers and the sequence length. */
  public static final String LAYERS_FILE = "tokens.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> layers;
  private final int length;
  private final int[] rows;
  private final int[] positions;
  private final long[] tokenIds;
  /** Each token row's text, as its number in {@link #texts}; -1 for none. */
  private final int[] textCodes;
  /** The distinct token texts, in order of first appearance. */
  private final String[] texts;

  private StoreTokens(List<String> layers, int length, int[] rows, int[] positions,
      long[] tokenIds, int[] textCodes, String[] texts) {
    this.layers = List.copyOf(layers);
    this.length = length;
    this.rows = rows;
    this.positions = positions;
    this.tokenIds = tokenIds;
    this.textCodes = textCodes;
    this.texts = texts;
  }

  /** The layers with a row per position. */
  public List<String> layers() {
    return layers;
  }

  /** The positions of a sequence. */
  public int length() {
    return length;
  }

  /** Number of token rows. */
  public int size() {
    return rows.length;
  }

  /** The item row (in items.csv) of a token row; ascending. */
  public int row(int token) {
    return rows[token];
  }

  /** The position of a token row in its sequence. */
  public int position(int token) {
    return positions[token];
  }

  /** The token id of a token row. */
  public long tokenId(int token) {
    return tokenIds[token];
  }

  /** The tokenizer's text of a token row, or null if the store was captured from ids. */
  public String token(int token) {
    int code = textCodes[token];
    return code < 0 ? null : texts[code];
  }

  /**
   * The number of a token row's text among the store's distinct token texts, in
   * {@code [0, textCount())}, or -1 if it has none: rows of equal texts have equal numbers.
   */
  public int textCode(int token) {
    return textCodes[token];
  }

  /** Number of distinct token texts. */
  public int textCount() {
    return texts.length;
  }

  /** The files this reads, for the store's fingerprint (none if the store has no tokens). */
  public static List<Path> files(Path storeDir) {
    Path csv = storeDir.resolve(FILE_NAME);
    return Files.isRegularFile(csv) ? List.of(csv, storeDir.resolve(LAYERS_FILE)) : List.of();
  }

  /** Reads the tokens of a store, if it has them; ids are resolved to rows of {@code items}. */
  public static Optional<StoreTokens> read(Path storeDir, Items items) {
    Path csv = storeDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(csv)) {
      return Optional.empty();
    }
    Path json = storeDir.resolve(LAYERS_FILE);
    List<String> layers = new ArrayList<>();
    int length;
    try {
      JsonNode root = JSON.readTree(json.toFile());
      root.path("layers").forEach(l -> layers.add(l.asText()));
      length = root.path("length").asInt(0);
    } catch (IOException e) {
      throw new StoreFormatException(json, "cannot be read: " + e.getMessage(), e);
    }
    if (layers.isEmpty() || length <= 0) {
      throw new StoreFormatException(json, "names no token layers and length");
    }
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader reader = Files.newBufferedReader(csv);
        CSVParser parser = CSVParser.parse(reader, format)) {
      List<CSVRecord> records = parser.getRecords();
      int n = records.size();
      int[] rows = new int[n];
      int[] positions = new int[n];
      long[] ids = new long[n];
      int[] codes = new int[n];
      // one String per distinct token: a vocabulary's worth, not a copy per row
      Map<String, Integer> vocabulary = new LinkedHashMap<>();
      for (int t = 0; t < n; t++) {
        CSVRecord record = records.get(t);
        long id = Long.parseLong(record.get("id"));
        rows[t] = items.rowOf(id);
        positions[t] = Integer.parseInt(record.get("position"));
        if (rows[t] < 0 || (t > 0 && rows[t] < rows[t - 1]) || positions[t] < 0
            || positions[t] >= length) {
          throw new StoreFormatException(csv, "line " + (t + 2) + ": item " + id + " position "
              + positions[t] + " is not an item of items.csv (in its order) and a position"
              + " below " + length);
        }
        ids[t] = Long.parseLong(record.get("token_id"));
        String token = record.get("token");
        codes[t] = token.isEmpty() ? -1
            : vocabulary.computeIfAbsent(token, k -> vocabulary.size());
      }
      return Optional.of(new StoreTokens(layers, length, rows, positions, ids, codes,
          vocabulary.keySet().toArray(String[]::new)));
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new StoreFormatException(csv, "cannot be read: " + e.getMessage(), e);
    }
  }

  /** Writes {@code tokens.json} and, a sequence at a time, {@code tokens.csv}. */
  public static final class Writer implements AutoCloseable {
    private final CSVPrinter csv;

    /** Creates the files in {@code storeDir} for these token layers and sequence length. */
    public Writer(Path storeDir, List<String> layers, int length) throws IOException {
      ObjectNode root = JSON.createObjectNode();
      layers.forEach(root.putArray("layers")::add);
      root.put("length", length);
      Files.writeString(storeDir.resolve(LAYERS_FILE),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
      csv = new CSVPrinter(Files.newBufferedWriter(storeDir.resolve(FILE_NAME)),
          CSVFormat.DEFAULT.builder().setHeader("id", "position", "token_id", "token")
              .setRecordSeparator('\n').get());
    }

    /**
     * Writes an item's unpadded positions: those whose {@code mask} is not 0 (every position
     * if {@code mask} is null), with the token texts if {@code tokens} is not null.
     */
    public void write(long id, long[] tokenIds, long[] mask, String[] tokens)
        throws IOException {
      for (int p = 0; p < tokenIds.length; p++) {
        if (mask == null || mask[p] != 0) {
          csv.printRecord(id, p, tokenIds[p], tokens == null ? "" : tokens[p]);
        }
      }
    }

    @Override public void close() throws IOException {
      csv.close();
    }
  }
}
