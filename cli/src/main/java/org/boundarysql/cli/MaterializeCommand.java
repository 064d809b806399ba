/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.BoundaryHome;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreDirectory;
import org.boundarysql.task.ProgressBars;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./boundary materialize --store DIR --method M --fraction F [--j 0.7] [--seed 0]
 * --out CATALOG [--name NAME]}: writes a sampled store and the store's latent store into a
 * catalog directory (see {@link SampledStore}); the sample is the one
 * {@code TABLESAMPLE BOUNDARY} uses, from the same cache.
 */
final class MaterializeCommand implements Command {
  @Override public String name() {
    return "materialize";
  }

  @Override public String usage() {
    return "materialize --store DIR|NAME --method M --fraction F [--j 0.7] [--seed 0]"
        + " --out CATALOG [--name NAME]   write the sampled items of every layer as a store,"
        + " and every item's latent layer and logits as STORE_latent, into CATALOG";
  }

  @Override public Syntax syntax() {
    return Syntax.of(Set.of("store", "method", "fraction", "j", "seed", "out", "name"),
        Set.of());
  }

  @Override public int run(Arguments arguments) throws Exception {
    Path storeDir = Catalogs.store(arguments.require("store"));
    SamplingMethod method = SamplingMethod.forName(arguments.require("method"));
    double fraction = arguments.number("fraction", Double.NaN);
    if (Double.isNaN(fraction)) {
      arguments.require("fraction");
    }
    SampleSpec spec = new SampleSpec(method, fraction,
        arguments.number("j", method.defaultJ()), arguments.integer("seed", 0));
    Path out = arguments.path("out", null);
    if (out == null) {
      arguments.require("out");
    }
    Path cache = BoundaryHome.cache();
    Store store = Store.open(storeDir, cache.resolve(storeDir.getFileName().toString()));
    String name = arguments.get("name", SampledStore.sampledName(store.name(), method,
        fraction));
    SampledStore.Written written = SampledStore.materialize(store, spec, cache, out, name,
        ProgressBars.onStandardError());
    long full = StoreDirectory.bytes(storeDir);
    System.out.printf(Locale.ROOT, "%s: %,d bytes (%.1f%% of %s, %,d bytes)%n",
        written.sampled(), written.sampledBytes(), 100.0 * written.sampledBytes() / full,
        storeDir, full);
    System.out.printf(Locale.ROOT, "%s: %,d bytes (every item's latent layer and logits)%n",
        written.latent(), written.latentBytes());
    System.out.printf(Locale.ROOT, "together %.1f%% of the full store; open both with"
        + " jdbc:boundary:catalog=%s%n",
        100.0 * (written.sampledBytes() + written.latentBytes()) / full, out);
    return 0;
  }
}
