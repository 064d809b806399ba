/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.kernel.RowSource;
import org.boundarysql.sample.LatentSpace;
import org.boundarysql.store.BoundaryHome;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreManifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The items an evaluation runs on: a store's rows of one split, renumbered 0 … n−1, with every
 * layer, the labels and predictions, and the latent space the samplers see. The logits layer
 * is the store's ({@link StoreManifest#logits}), null if it has none; the input scores are
 * {@link Store#inputComponents()}'s rows, null for a store without float-fed inputs.
 */
record EvaluationData(String storeName, String model, String split, List<String> classes,
    Map<String, RowSource> layers, String latentLayer, String logitsLayer,
    RowSource inputScores, int[] labels, int[] predictions, LatentSpace space) {

  /** Split name that keeps every row of the store. */
  static final String ALL = "all";

  /** Opens a store and keeps the rows of {@code split}, or every row for {@value #ALL}. */
  static EvaluationData open(Path storeDir, String split) {
    if (!Files.isRegularFile(storeDir.resolve(StoreManifest.FILE_NAME))) {
      throw new IllegalArgumentException("no store at " + storeDir + " (no "
          + StoreManifest.FILE_NAME + "); build the example catalog with ./boundary example, or "
          + "pass --store DIR");
    }
    Store store = Store.open(storeDir,
        BoundaryHome.directory().resolve("cache").resolve(storeDir.getFileName().toString()));
    Items items = store.items();
    int[] rows = IntStream.range(0, items.size())
        .filter(r -> split.equals(ALL) || items.split(r).equals(split)).toArray();
    if (rows.length == 0) {
      throw new IllegalArgumentException("store " + storeDir + " has no items in split '" + split
          + "'; splits: " + IntStream.range(0, items.size()).mapToObj(items::split).distinct()
          .toList());
    }
    Layer latent = store.latentLayer().orElseThrow(() -> new IllegalArgumentException(
        "store " + storeDir + " names no latentLayer in store.json"));
    Map<String, RowSource> layers = new LinkedHashMap<>();
    for (Layer layer : store.layers()) {
      layers.put(layer.name(), new SplitRows(layer, rows));
    }
    int[] labels = IntStream.of(rows).map(items::label).toArray();
    int[] predictions = IntStream.of(rows).map(items::predicted).toArray();
    int classCount = store.manifest().classes().size();
    LatentSpace space = LatentSpace.fromRows(layers.get(latent.name()), labels, predictions,
        classCount);
    return new EvaluationData(store.name(), store.manifest().model(), split,
        store.manifest().classes(), layers, latent.name(),
        store.manifest().logits().map(LayerSpec::name).orElse(null),
        store.inputComponents().map(scores -> (RowSource) new SplitRows(scores, rows))
            .orElse(null), labels, predictions, space);
  }

  /** Returns the number of items. */
  int size() {
    return labels.length;
  }

  /** Returns how many items of a sample the model classifies correctly. */
  int correctCount(int[] sample) {
    int correct = 0;
    for (int item : sample) {
      correct += labels[item] == predictions[item] ? 1 : 0;
    }
    return correct;
  }
}
