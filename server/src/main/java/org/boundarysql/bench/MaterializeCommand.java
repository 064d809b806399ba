/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.adapter.BoundaryDriver;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.BoundaryHome;
import org.boundarysql.store.Store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./boundary materialize --store DIR --method M --fraction F [--j 0.7] [--seed 0]
 * --out CATALOG [--name NAME]}: writes a sampled store and the store's latent store into a
 * catalog directory (see {@link SampledStore}); the sample is the one
 * {@code TABLESAMPLE BOUNDARY} uses, from the same cache.
 */
public final class MaterializeCommand {
  /** One line for {@code ./boundary help}. */
  public static final String USAGE = "materialize --store DIR|NAME --method M --fraction F"
      + " [--j 0.7] [--seed 0] --out CATALOG [--name NAME]   write the sampled items of every"
      + " layer as a store, and every item's latent layer as STORE_latent, into CATALOG";

  private MaterializeCommand() {
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options(args, Set.of("store", "method", "fraction", "j", "seed",
        "out", "name"), Set.of(), USAGE);
    Path storeDir = Options.store(options.require("store"));
    SamplingMethod method = SamplingMethod.forName(options.require("method"));
    double fraction = options.number("fraction", Double.NaN);
    if (Double.isNaN(fraction)) {
      throw new IllegalArgumentException("option --fraction is required");
    }
    double j = options.number("j", SampleSpec.DEFAULT_J);
    long seed = (long) options.number("seed", 0);
    SampleSpec spec = new SampleSpec(method, fraction, j, seed);
    Path out = Path.of(options.require("out")).toAbsolutePath();
    Path cache = BoundaryHome.directory().resolve("cache");
    Store store = Store.open(storeDir, cache.resolve(storeDir.getFileName().toString()));
    String name = options.get("name", String.format(Locale.ROOT, "%s_%s_%s", store.name(),
        method.methodName(), percentName(fraction)));
    Progress progress = new Progress(System.err);
    SampledStore.Written written = materialize(storeDir, cache, store, spec, out, name,
        progress);
    long full = SampledStore.storeBytes(storeDir);
    System.out.printf(Locale.ROOT, "%s: %,d bytes (%.1f%% of %s, %,d bytes)%n",
        written.sampled(), written.sampledBytes(), 100.0 * written.sampledBytes() / full,
        storeDir, full);
    System.out.printf(Locale.ROOT, "%s: %,d bytes (every item's latent layer)%n",
        written.latent(), written.latentBytes());
    System.out.printf(Locale.ROOT, "together %.1f%% of the full store; open both with"
        + " jdbc:boundary:catalog=%s%n",
        100.0 * (written.sampledBytes() + written.latentBytes()) / full, out);
  }

  /** Samples {@code store} through BoundarySQL and writes the two stores. */
  static SampledStore.Written materialize(Path storeDir, Path cache, Store store,
      SampleSpec spec, Path out, String name, Progress progress) throws Exception {
    Class.forName(BoundaryDriver.class.getName()); // registers the driver
    int[] rows;
    progress.say("sampling %s: %s", store.name(), spec);
    try (Connection connection = DriverManager.getConnection(BoundaryDriver.PREFIX + "store="
        + storeDir + ";cache=" + cache)) {
      rows = SampleRows.of(connection, store.name(), store, spec.method().methodName(),
          spec.fraction(), spec.j(), spec.seed());
    }
    return SampledStore.write(store, rows, spec.method().methodName() + " fraction="
        + spec.fraction() + " j=" + spec.j() + " seed=" + spec.seed(), out, name, progress);
  }

  static String percentName(double fraction) {
    String percent = String.format(Locale.ROOT, "%s", fraction * 100).replaceFirst("\\.0$", "");
    return percent.replace('.', '_');
  }
}
