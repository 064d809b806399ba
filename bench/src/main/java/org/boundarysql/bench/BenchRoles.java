/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the benchmark's queries read in a store, chosen by role so that they run on any store:
 * the wide layer (Q1, Q2, Q4, Q5; by default the widest), the latent layer (Q3; the store's),
 * the logits (Q4; the last other layer one value per class wide), the split (the one with the
 * most items) and the classes the paper's queries fix (Q3: the class with the most
 * misclassified items; Q4: the class with the most items; Q5: the most frequent confusion).
 * Options name layers and the split instead.
 */
record BenchRoles(String wide, String latent, String logits, String split, int q3Class,
    int q4Class, int q5Label, int q5Predicted) {
  /** The option names, as the command line takes them. */
  static final List<String> OPTIONS = List.of("wide", "latent", "logits", "split");

  /** The roles in {@code store}, the layers and split in {@code options} given. */
  static BenchRoles of(Store store, Map<String, String> options) {
    String wide = options.containsKey("wide") ? layer(store, options.get("wide"))
        : store.layers().stream().max(Comparator.comparingInt(Layer::width)
            .thenComparing(l -> -store.layers().indexOf(l))).orElseThrow(() ->
                new IllegalArgumentException("store " + store.name() + " has no layers"))
            .name();
    String latent = options.containsKey("latent") ? layer(store, options.get("latent"))
        : store.latentLayer().map(Layer::name).orElseThrow(() -> new IllegalArgumentException(
            "store " + store.name() + " names no latent layer; give one with --latent"));
    int classes = store.manifest().classes().size();
    String logits = options.containsKey("logits") ? layer(store, options.get("logits"))
        : store.layers().stream().filter(l -> l.width() == classes
            && !l.name().equals(latent)).reduce((first, last) -> last).map(Layer::name)
            .orElseThrow(() -> new IllegalArgumentException("store " + store.name()
                + " has no layer of one value per class (" + classes + "); give the logits"
                + " with --logits"));
    Items items = store.items();
    int split;
    if (options.containsKey("split")) {
      split = items.splitNames().indexOf(options.get("split"));
      if (split < 0) {
        throw new IllegalArgumentException("store " + store.name() + " has no split "
            + options.get("split") + "; splits: " + items.splitNames());
      }
    } else {
      int[] perSplit = new int[items.splitNames().size()];
      for (int row = 0; row < items.size(); row++) {
        perSplit[items.splitCode(row)]++;
      }
      split = largest(perSplit);
    }
    int[] sizes = new int[classes];
    int[] wrong = new int[classes];
    int[] confusions = new int[classes * classes];
    for (int row = 0; row < items.size(); row++) {
      if (items.splitCode(row) == split) {
        sizes[items.label(row)]++;
        if (!items.correct(row)) {
          wrong[items.label(row)]++;
          confusions[items.label(row) * classes + items.predicted(row)]++;
        }
      }
    }
    int confusion = largest(confusions);
    return new BenchRoles(wide, latent, logits, items.splitNames().get(split), largest(wrong),
        largest(sizes), confusion / classes, confusion % classes);
  }

  private static String layer(Store store, String name) {
    return store.layer(name).map(Layer::name).orElseThrow(() -> new IllegalArgumentException(
        "store " + store.name() + " has no layer " + name + "; layers: "
            + store.layers().stream().map(Layer::name).toList()));
  }

  /** The index of the largest count, the first of equal ones. */
  private static int largest(int[] counts) {
    int best = 0;
    for (int i = 1; i < counts.length; i++) {
      best = counts[i] > counts[best] ? i : best;
    }
    return best;
  }

  /** The layers the queries read, each once. */
  List<String> layers() {
    return List.of(wide, latent, logits).stream().distinct().toList();
  }

  /** As the report states the roles. */
  String describe() {
    return String.format("wide layer `%s`, latent layer `%s`, logits `%s`, split `%s`; Q3 class"
        + " %d, Q4 class %d, Q5 label %d predicted as %d", wide, latent, logits, split, q3Class,
        q4Class, q5Label, q5Predicted);
  }
}
