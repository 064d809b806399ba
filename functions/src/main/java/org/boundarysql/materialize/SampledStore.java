/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.materialize;

import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.sample.cache.Sample;
import org.boundarysql.sample.cache.SampleCache;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.SampleProvenance;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreDirectory;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreWriter;
import org.boundarysql.task.ProgressListener;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the storage the paper argues for: a sampled store, which holds only the sampled items
 * (every layer, the latent layer included, so it is a complete store), and a latent store,
 * which holds every item with the latent layer and the logits only ({@link #latentStoreLayers}):
 * any other sample can be drawn from it, and it is the population of the sampled store's
 * model-assisted estimates.
 * Both go into one catalog directory, so that one connection opens them side by side:
 *
 * <pre>
 * OUT/NAME/           store.json (the source's layers), items.csv (the sampled items, same ids,
 *                     extra columns kept; for a probability design, each item's stratum and
 *                     inclusion_probability as two more columns), LAYER.npy for every layer
 *                     (the sampled rows),
 *                     sample.json (the source store and the sample's spec)
 * OUT/STORE_latent/   store.json (the latent layer and logits), items.csv (every item),
 *                     LATENT.npy and LOGITS.npy (every row), sample.json (the source store)
 * </pre>
 *
 * Each is written into a hidden directory and renamed into place when complete.
 */
public final class SampledStore {
  /** The item column of a sampled store that holds each item's stratum in its design. */
  public static final String STRATUM = "stratum";
  /** The item column of a sampled store that holds each item's inclusion probability. */
  public static final String INCLUSION_PROBABILITY = "inclusion_probability";
  /** What a latent store's {@code sample.json} says it holds. */
  public static final String LATENT_CONTENT = "every item, latent layer and logits";

  private SampledStore() {
  }

  /** The two stores written, and their sizes in bytes. */
  public record Written(Path sampled, long sampledBytes, Path latent, long latentBytes) { }

  /**
   * Writes the sampled store {@code out/name} with the drawn rows of {@code store} (ascending)
   * and their design columns if the draw has them, and the latent store
   * {@code out/<store>_latent} unless one made from the same store files is there;
   * {@code spec} describes the sample in {@code sample.json}.
   */
  public static Written write(Store store, Draw draw, String spec, Path out, String name,
      ProgressListener progress) throws IOException {
    Files.createDirectories(out);
    Path sampled = out.resolve(name);
    int[] rows = draw.rows();
    String provenance = provenance(store, spec, rows.length);
    writeAside(sampled, dir -> {
      writeRows(store, store.manifest().layers(), rows, dir, provenance, progress);
      appendDesign(dir.resolve(Items.FILE_NAME), draw);
    });
    List<LayerSpec> latentLayers = latentStoreLayers(store.manifest());
    Path latentStore = out.resolve(SampleProvenance.latentStoreName(store.name()));
    String latentProvenance = provenance(store, null, store.items().size());
    if (!isCurrent(latentStore, latentProvenance)) {
      writeAside(latentStore, dir -> writeRows(store, latentLayers, null, dir,
          latentProvenance, progress));
    }
    return new Written(sampled, StoreDirectory.bytes(sampled), latentStore,
        StoreDirectory.bytes(latentStore));
  }

  /**
   * The layers a latent store keeps of a store's: the latent layer, which any sample is drawn
   * from, and the logits ({@link StoreManifest#logits}), if the store has them; the two are the
   * auxiliaries of every item of the population.
   */
  public static List<LayerSpec> latentStoreLayers(StoreManifest manifest) {
    LayerSpec latent = manifest.layer(manifest.latentLayer()).orElseThrow(() ->
        new IllegalArgumentException("a store of model " + manifest.model()
            + " has no latent layer"));
    return manifest.logits().filter(logits -> !logits.name().equals(latent.name()))
        .map(logits -> List.of(latent, logits)).orElse(List.of(latent));
  }

  /**
   * Writes the sample {@code spec} of {@code store} (the one {@code TABLESAMPLE BOUNDARY} uses:
   * the same cache, computed once) as the sampled store {@code out/name}, and the latent store
   * beside it.
   */
  public static Written materialize(Store store, SampleSpec spec, Path cache, Path out,
      String name, ProgressListener progress) throws IOException {
    Sample sample = new SampleCache(cache).get(store, spec);
    return write(store, sample.draw(), spec.describe(), out, name, progress);
  }

  /**
   * Adds the columns {@code stratum} and {@code inclusion_probability} of a draw to the
   * items.csv of its rows (the file's records in the draw's order); nothing if the draw has no
   * probabilities. The store then shows them as item columns.
   */
  public static void appendDesign(Path itemsCsv, Draw draw) throws IOException {
    if (!draw.hasProbabilities()) {
      return;
    }
    List<String> header;
    List<CSVRecord> records;
    try (CSVParser parser = CSVParser.parse(itemsCsv, StandardCharsets.UTF_8,
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
      header = new ArrayList<>(parser.getHeaderNames());
      records = parser.getRecords();
    }
    if (records.size() != draw.rows().length) {
      throw new IllegalArgumentException(itemsCsv + " has " + records.size() + " items, the"
          + " draw " + draw.rows().length);
    }
    header.add(STRATUM);
    header.add(INCLUSION_PROBABILITY);
    try (CSVPrinter printer = new CSVPrinter(Files.newBufferedWriter(itemsCsv),
        CSVFormat.DEFAULT.builder().setHeader(header.toArray(new String[0]))
            .setRecordSeparator('\n').get())) {
      for (int i = 0; i < records.size(); i++) {
        List<Object> record = new ArrayList<>(records.get(i).toList());
        record.add(draw.strata()[i]);
        record.add(draw.probabilities()[i]);
        printer.printRecord(record);
      }
    }
  }

  /**
   * The default name of a sample of {@code store}: {@code mnist_lenet_maxmargin_5} for 5%,
   * {@code ..._12_5} for 12.5%.
   */
  public static String sampledName(String store, SamplingMethod method, double fraction) {
    String percent = String.format(Locale.ROOT, "%s", fraction * 100).replaceFirst("\\.0$", "");
    return store + "_" + method.methodName() + "_" + percent.replace('.', '_');
  }

  /** Writes the given layers for the given rows (null: every row) into a directory. */
  private static void writeRows(Store store, List<LayerSpec> layerSpecs, int[] rows, Path dir,
      String provenance, ProgressListener progress) throws IOException {
    StoreManifest source = store.manifest();
    StoreManifest manifest = source.withLayers(source.model(), layerSpecs);
    Items items = store.items();
    int count = rows == null ? items.size() : rows.length;
    List<Layer> layers = new ArrayList<>();
    for (LayerSpec spec : layerSpecs) {
      layers.add(store.layer(spec.name()).orElseThrow());
    }
    float[][] buffers = new float[layers.size()][];
    for (int l = 0; l < layers.size(); l++) {
      buffers[l] = new float[layers.get(l).width()];
    }
    String stage = "writing " + dir.getFileName().toString().replaceFirst("^\\.tmp-", "");
    try (StoreWriter writer = new StoreWriter(dir, manifest, count)) {
      for (int i = 0; i < count; i++) {
        int row = rows == null ? i : rows[i];
        writer.writeItem(items.id(row), items.split(row), items.label(row),
            items.predicted(row));
        for (int l = 0; l < layers.size(); l++) {
          layers.get(l).read(row, buffers[l]);
          writer.writeActivation(layers.get(l).name(), buffers[l]);
        }
        progress.update(stage, i + 1, count);
      }
    }
    if (!items.extraColumns().isEmpty()) {
      writeItemsWithExtras(items, rows, count, dir.resolve(Items.FILE_NAME));
    }
    Files.writeString(dir.resolve(SampleProvenance.FILE_NAME), provenance);
  }

  /** StoreWriter writes the four required columns; this adds the source's extra columns. */
  private static void writeItemsWithExtras(Items items, int[] rows, int count, Path file)
      throws IOException {
    List<String> header = new ArrayList<>(List.of("id", "split", "label", "predicted"));
    items.extraColumns().forEach(c -> header.add(c.name()));
    try (CSVPrinter printer = new CSVPrinter(Files.newBufferedWriter(file),
        CSVFormat.DEFAULT.builder().setHeader(header.toArray(new String[0]))
            .setRecordSeparator('\n').get())) {
      for (int i = 0; i < count; i++) {
        int row = rows == null ? i : rows[i];
        List<Object> record = new ArrayList<>(List.of(items.id(row), items.split(row),
            items.label(row), items.predicted(row)));
        for (Items.ExtraColumn column : items.extraColumns()) {
          Object value = column.value(row);
          record.add(value == null ? "" : value);
        }
        printer.printRecord(record);
      }
    }
  }

  private static String provenance(Store store, String spec, int items) {
    return provenance(store.directory().toAbsolutePath().toString(), store.fingerprint(), spec,
        items);
  }

  /**
   * The text of the {@value SampleProvenance#FILE_NAME} of a store of {@code items} items
   * drawn from the store at {@code source} whose files have {@code fingerprint}: a sampled
   * store's with the sample's {@code spec}, the latent store's with none.
   */
  public static String provenance(String source, String fingerprint, String spec, int items) {
    return "{\"source\": " + json(source) + ", \"sourceFingerprint\": " + json(fingerprint)
        + (spec == null ? ", \"content\": " + json(LATENT_CONTENT)
            : ", \"sample\": " + json(spec)) + ", \"items\": " + items + "}\n";
  }

  private static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static boolean isCurrent(Path storeDir, String provenance) {
    try {
      return Files.readString(storeDir.resolve(SampleProvenance.FILE_NAME)).equals(provenance);
    } catch (IOException e) {
      return false;
    }
  }

  /** Something that writes a store into a directory. */
  @FunctionalInterface
  private interface DirectoryWriter {
    void write(Path dir) throws IOException;
  }

  /** Writes into a hidden directory, then replaces {@code target} with it. */
  private static void writeAside(Path target, DirectoryWriter writer) throws IOException {
    try (StoreDirectory directory = StoreDirectory.aside(target)) {
      writer.write(directory.path());
      directory.commit();
    }
  }
}
