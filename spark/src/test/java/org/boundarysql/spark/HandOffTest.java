/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark;

import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.spark.sample.SparkSampler;
import org.boundarysql.spark.store.SparkSampledStore;
import org.boundarysql.store.Store;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The way back: the sampled store and latent store written from Spark are byte for byte the
 * pair {@code ./boundary materialize} writes in-process for the same sample, and open as stores.
 */
class HandOffTest {
  @Test void sameStoresAsMaterialize() throws Exception {
    SampleSpec spec = SampleSpec.of(SamplingMethod.MAXMARGIN, 0.1);
    int[] rows = SparkSampler.select(TestSpark.store("mnist"), spec, ProgressListener.NONE);
    Path spark = Files.createTempDirectory("from-spark");
    SparkSampledStore.write(TestSpark.store("mnist"), rows, spark, "sample", "mnist_latent");
    Path local = Files.createTempDirectory("in-process");
    Store store = Store.open(TestSpark.CATALOG.resolve("mnist"), Files.createTempDirectory("c"));
    SampledStore.materialize(store, spec, Files.createTempDirectory("cache"), local, "sample",
        ProgressListener.NONE);
    for (String file : new String[] {"store.json", "items.csv", "pool2.npy", "fc2.npy",
        "logits.npy"}) {
      assertArrayEquals(Files.readAllBytes(local.resolve("sample").resolve(file)),
          Files.readAllBytes(spark.resolve("sample").resolve(file)), file);
    }
    for (String file : new String[] {"store.json", "items.csv", "fc2.npy", "logits.npy"}) {
      assertArrayEquals(Files.readAllBytes(local.resolve("mnist_latent").resolve(file)),
          Files.readAllBytes(spark.resolve("mnist_latent").resolve(file)), "latent " + file);
    }
    Store served = Store.open(spark.resolve("sample"), Files.createTempDirectory("c"));
    assertEquals(rows.length, served.items().size());
    assertEquals(store.items().id(rows[0]), served.items().id(0));
  }
}
