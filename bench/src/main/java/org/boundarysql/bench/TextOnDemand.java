/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.capture.Capture;
import org.boundarysql.capture.CaptureSpec;
import org.boundarysql.capture.OnnxRuntimeFloor;
import org.boundarysql.ondemand.RowCache;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.task.ProgressListener;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * An on-demand store of the text example's texts, captured in the bench's work directory: a
 * 5% BOUNDARY sample of a tokens table of a layer computed on demand (its sampled items' rows
 * computed by the model as the query reads them, into an empty row cache) against ONNX Runtime
 * alone computing that layer for the same items.
 */
final class TextOnDemand {
  static final String STORE = "fortunes_ondemand";
  /** The sampled query, on store {@code S}. */
  static final String SAMPLED = "select id, position, token, activation from S."
      + TextBench.TOKEN_LAYER + "_tokens tablesample boundary('maxmargin', 0.05)";

  /** What was measured: the sampled items and their tokens, and the seconds of each way. */
  record Result(int items, int tokens, double sqlSeconds, double aloneSeconds, int batch) { }

  private TextOnDemand() {
  }

  /**
   * Captures the on-demand store of {@code split} (texts and labels) into {@code work} and
   * measures the sampled query on it.
   */
  static Result run(Path model, Path tokenizer, CaptureSpec.Split split, int batch, Path work)
      throws Exception {
    Path catalog = work.resolve("catalog");
    Capture.run(new CaptureSpec(model, List.of(split), null, TextBench.layers(), "pooled",
        "logits", null, batch, catalog.resolve(STORE), null, true,
        new CaptureSpec.TextInput(tokenizer, 0), List.of(), CaptureSpec.LatentPool.NONE),
        ProgressListener.NONE);
    Path cache = work.resolve("cache");
    String query = SAMPLED.replace("S.", STORE + ".");
    int[] sampled;
    int tokens;
    double sql;
    try (Connection c = OnDemandBench.connect(catalog, cache);
        PreparedStatement sample = c.prepareStatement("select id from " + STORE
            + ".items tablesample boundary('maxmargin', 0.05) order by id");
        PreparedStatement timed = c.prepareStatement(query)) {
      sampled = ids(sample);
      // one item outside the sample computed first: the model measured, its session opened
      int outside = 0;
      while (outside < sampled.length && sampled[outside] == outside) {
        outside++;
      }
      try (PreparedStatement first = c.prepareStatement("select activation from " + STORE
          + "." + TextBench.TOKEN_LAYER + " where id = " + outside)) {
        TextBench.rows(first);
      }
      int[] rows = new int[1];
      sql = Timing.once(() -> rows[0] = TextBench.rows(timed)) / 1e3;
      tokens = rows[0];
    }
    Store store = Store.open(catalog.resolve(STORE), cache.resolve(STORE));
    LayerSpec layer = store.manifest().onDemandLayer(TextBench.TOKEN_LAYER).orElseThrow();
    int[] rows = new int[sampled.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = store.items().rowOf(sampled[i]);
    }
    // the batch size the row cache measured as best and computed with
    int computed = RowCache.of(cache, RowCache.defaultBound()).layers(store).throughput()
        .batch();
    double alone = OnnxRuntimeFloor.seconds(store, List.of(layer), computed, rows);
    return new Result(rows.length, tokens, sql, alone, computed);
  }

  private static int[] ids(PreparedStatement query) throws Exception {
    List<Integer> ids = new ArrayList<>();
    try (ResultSet r = query.executeQuery()) {
      while (r.next()) {
        ids.add(r.getInt(1));
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }
}
