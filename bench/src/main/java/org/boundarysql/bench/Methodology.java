/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

/** The report's fixed section on how the numbers were measured. */
final class Methodology {
  private Methodology() {
  }

  static final String TEXT = """

      ## Methodology

      - **One process, taking turns.** Every number above comes from one JVM run of
        `./boundary bench`. For each query and data variant, the Java loop and the engines
        each warm up, then take three turns of a third of the time budget each; the median is
        over all timed runs. A slow spell of the shared machine thus falls on all of them, and
        the ratios compare like with like; absolute times move with the machine's load (shown
        at the top). Each query and variant starts with a full garbage collection.
      - **Queries.** Q1–Q5 of the paper's Table II as `examples/queries` first wrote them, one
        data variant at a time (full store, 5% or 20% MaxMargin sample, j = 0.7); the texts are
        in `queries.md`. Changes: Q3's CTE is named `grp` (`pattern`, its first name, is
        reserved in Calcite's grammar), and Q5 reads the variant's sample like the others
        instead of its own 20% sample.
      - **BoundarySQL embedded**: `jdbc:boundary:catalog=...`, one `PreparedStatement` per query,
        executed repeatedly; an execution reads every value of every row (arrays included).
        **Remote**: the same through the Avatica server (`BoundaryServer`, protobuf over HTTP)
        started in-process on 127.0.0.1, through Avatica's remote JDBC driver; both share the
        open catalog and sample cache.
      - **Java loop**: one pass over the items and the memory-mapped `.npy` layers per query,
        with the same kernels as the SQL aggregates (`AvgActivation`, `TopKNeurons`,
        `ArgmaxDist`, `LinearCka`); Q3 computes both groups' means in one pass and
        takes the top-10 from them. It reads every item's metadata (no index). GB/s counts the
        activation bytes it read.
      - **DuckDB** (`org.duckdb:duckdb_jdbc`, in-memory, default threads): the same activations
        as `activation FLOAT[]` columns, one table per layer, loaded with the appender; a
        sample is a table of the sampled rows (a materialised sample, as a sampled store would
        be). Means per neuron through `unnest` and `group by`, top-k with `row_number()`,
        argmax with `list_position(list_max())`, linear CKA in its kernel form (Gram matrices
        of the items with `list_dot_product` in double precision, centred in SQL): per-neuron
        cross products of conv2 (1,600 neurons) are beyond what SQL can express efficiently.
      - **Answers**: every engine's answer is compared with the Java loop's: integers and top-k
        lists exactly, numbers within a relative 1e-6.
      - **Storage**: bytes of `store.json`, `items.csv` and the layer files. A sampled store
        holds only the sampled items, with every layer (the latent layer's sampled rows
        included, so it is a complete store); the latent store holds every item and only the
        latent layer and the logits. `./boundary materialize --store DIR --method M --fraction
        F --out CATALOG` writes both into a catalog, as `NAME` and `STORE_latent`, each with a
        `sample.json` naming its source.
      - **Sample creation**: from the mapped latent layer to the sampled rows, on the items of
        one split, as the sample cache computes a sample on a miss.
      - **Growth**: stores of each size written once under `$BOUNDARY_HOME/bench/growth` (or
        `--growth-dir`): the source store's items tiled to that size, every copy after the
        first with noise, with the latent layer, the logits and the widest other layer that
        keeps the whole curve within `--growth-disk`. Each method's 5% sample is made in a
        JVM of its own with `--growth-heap` of heap; peak heap is sampled every 2 ms.
      - **Disk scan** (`--disk-scan GB`): a layer of that size written, scanned by the SQL
        aggregate and by a streaming read with direct I/O (the floor when the file cannot
        stay in the page cache), through the page cache and the mapping, then deleted; after
        each pass, how much of a hot file (the catalog's data) is still cached.
      """;
}
