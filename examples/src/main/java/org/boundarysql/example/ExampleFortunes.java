/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.boundarysql.capture.Capture;
import org.boundarysql.capture.CaptureSpec;
import org.boundarysql.store.BoundaryHome;
import org.boundarysql.task.ProgressBars;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example text store {@value #STORE}: the committed fortunes classifier
 * ({@code models/fortunes_transformer}) captured from the texts of Debian's {@code fortunes}
 * package, split as its {@code split.tsv} says (each text checked against its hash there), with
 * a table of a row per token for each encoder layer, and its on-demand twin. Built when the
 * package's files are installed or {@code apt-get download} fetches them; otherwise skipped
 * with one line.
 */
public final class ExampleFortunes {
  /** The store's name. */
  public static final String STORE = "fortunes_transformer";
  /**
   * Its on-demand twin: the same texts captured {@code --on-demand}, keeping the model, the
   * token arrays, {@code pooled} and {@code logits}; {@code layer0} and {@code layer1} (and
   * their tokens tables) computed when read.
   */
  public static final String TWIN = STORE + "_ondemand";
  /** Where Debian installs the fortune files. */
  static final String SYSTEM_DIR = "/usr/share/games/fortunes";
  static final String PACKAGE = "fortunes";
  static final String VERSION = "1";
  private static final String MODEL_DIR = "fortunes_transformer";
  private static final List<String> SPLITS = List.of("test", "validation", "train");

  private ExampleFortunes() {
  }

  /** The values captured, by alias (the names {@code capture --list} shows). */
  static Map<String, String> layers() {
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("layer0", "layer_norm_2");
    layers.put("layer1", "layer_norm_4");
    layers.put("pooled", "tanh");
    layers.put("logits", "logits");
    return layers;
  }

  /**
   * Builds the store and its on-demand twin {@value #TWIN} in {@code catalogDir} unless they
   * are current; returns the store, or null if the data is absent.
   */
  public static Path build(Path catalogDir) {
    Path fortunes = fortunesDir();
    if (fortunes == null) {
      return null;
    }
    Path store = build(catalogDir, STORE, fortunes, false);
    build(catalogDir, TWIN, fortunes, true);
    return store;
  }

  /** Captures the texts into store {@code name}, every layer or {@code onDemand}. */
  private static Path build(Path catalogDir, String name, Path fortunes, boolean onDemand) {
    return CapturedExample.build(catalogDir, name, work -> {
      for (String file : List.of("model.onnx", "tokenizer.json", "categories.txt", "split.tsv")) {
        copy(file, work.resolve(file));
      }
      return "model.onnx sha256=" + sha256(Files.readAllBytes(work.resolve("model.onnx")))
          + " fortunes=" + VERSION + (onDemand ? " on-demand" : "");
    }, (work, store) -> {
      List<CaptureSpec.Split> splits = writeTexts(fortunes, work);
      List<String> classes = Files.readAllLines(work.resolve("categories.txt"));
      Capture.run(new CaptureSpec(work.resolve("model.onnx"), splits, classes, layers(),
          "pooled", "logits", null, 0, store, null, onDemand,
          new CaptureSpec.TextInput(work.resolve("tokenizer.json"), 0), List.of(),
          CaptureSpec.LatentPool.NONE), ProgressBars.onStandardError());
    });
  }

  /**
   * The directory of the fortune files: installed, fetched before, or fetched now with
   * {@code apt-get download}; null (with one line saying how to get them) if none works.
   */
  static Path fortunesDir() {
    if (Files.isRegularFile(Path.of(SYSTEM_DIR, "computers"))) {
      return Path.of(SYSTEM_DIR);
    }
    Path cached = BoundaryHome.directory().resolve("data").resolve(PACKAGE);
    if (Files.isRegularFile(cached.resolve("computers"))) {
      return cached;
    }
    try {
      System.err.println("Fetching the fortunes: apt-get download " + PACKAGE + " ...");
      ExampleData.fetchDeb(PACKAGE, SYSTEM_DIR, cached,
          dir -> Files.isRegularFile(dir.resolve("computers")), "apt-get install " + PACKAGE);
      return cached;
    } catch (RuntimeException e) {
      System.err.println("skipping " + STORE + ": Debian's fortunes package is not installed and"
          + " apt-get download " + PACKAGE + " failed; apt-get install " + PACKAGE
          + " builds it");
      return null;
    }
  }

  /**
   * Writes each split's texts (one a line, cleaned as the training script cleans them) and
   * labels in {@code split.tsv}'s order, checking each text against its hash there.
   */
  static List<CaptureSpec.Split> writeTexts(Path fortunes, Path work) throws IOException {
    List<String> categories = Files.readAllLines(work.resolve("categories.txt"));
    Map<String, List<String>> entries = new LinkedHashMap<>();
    for (String category : categories) {
      entries.put(category, FortuneTexts.entries(fortunes.resolve(category)));
    }
    Map<String, List<String>> texts = new LinkedHashMap<>();
    Map<String, List<String>> labels = new LinkedHashMap<>();
    SPLITS.forEach(s -> {
      texts.put(s, new ArrayList<>());
      labels.put(s, new ArrayList<>());
    });
    List<String> rows = Files.readAllLines(work.resolve("split.tsv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] fields = row.split("\t");
      String text = FortuneTexts.normalize(entries.get(fields[0]).get(
          Integer.parseInt(fields[1])));
      if (!sha256(text.getBytes(StandardCharsets.UTF_8)).startsWith(fields[3])) {
        throw new IllegalStateException(fortunes + ": entry " + fields[1] + " of " + fields[0]
            + " is not the text the model was trained on (its hash differs): another version"
            + " of the fortunes package?");
      }
      texts.get(fields[2]).add(text);
      labels.get(fields[2]).add(Integer.toString(categories.indexOf(fields[0])));
    }
    List<CaptureSpec.Split> splits = new ArrayList<>();
    for (String split : SPLITS) {
      Path textFile = work.resolve(split + ".txt");
      Path labelFile = work.resolve(split + "_labels.txt");
      Files.write(textFile, texts.get(split), StandardCharsets.UTF_8);
      Files.write(labelFile, labels.get(split));
      splits.add(new CaptureSpec.Split(split, Map.of(), textFile, labelFile));
    }
    return splits;
  }

  /** Copies a file of the committed model (from the models directory or the class path). */
  private static void copy(String file, Path target) throws IOException {
    Path dir = ExampleModels.modelsDir();
    if (dir != null && Files.isRegularFile(dir.resolve(MODEL_DIR).resolve(file))) {
      Files.copy(dir.resolve(MODEL_DIR).resolve(file), target,
          StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (InputStream in = ExampleFortunes.class.getResourceAsStream(
        "/org/boundarysql/example/models/" + MODEL_DIR + "/" + file)) {
      if (in == null) {
        throw new IllegalStateException(MODEL_DIR + "/" + file + " is neither in the models"
            + " directory nor on the class path");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
