/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests {@link Store}, {@link Items}, CSV layers and {@link Catalog} on hand-written files. */
class StoreTest {
  @TempDir Path dir;

  private static final String MANIFEST = """
      {"model": "tiny", "classes": ["cat", "dog", "eel"], "latentLayer": "fc",
       "layers": [{"name": "fc", "shape": [3]}, {"name": "conv", "shape": [2, 2]}]}
      """;

  private Path store(String name, String manifest, String items) throws IOException {
    Path store = Files.createDirectories(dir.resolve(name));
    if (manifest != null) {
      Files.writeString(store.resolve("store.json"), manifest);
    }
    Files.writeString(store.resolve("items.csv"), items);
    return store;
  }

  private Path goodStore(String name) throws IOException {
    Path store = store(name, MANIFEST, """
        id,split,label,predicted,weight,source
        10,test,0,0,1.5,a
        11,test,1,2,2,b
        12,train,dog,dog,,c
        """);
    NpyBytes.write(store.resolve("fc.npy"), "<f4", 3, 3);
    Files.writeString(store.resolve("conv.csv"), """
        id,v0,v1,v2,v3
        12,9,8,7,6
        10,1,2,3,4.5
        11,-1,-2,-3,-4
        """);
    return store;
  }

  @Test void opensStoreWithNpyAndCsvLayers() throws IOException {
    Store store = Store.open(goodStore("tiny"), dir.resolve("cache"));
    assertEquals("tiny", store.name());
    Items items = store.items();
    assertEquals(3, items.size());
    assertEquals(11, items.id(1));
    assertEquals("train", items.split(2));
    assertEquals(1, items.label(2)); // "dog" is class 1
    assertEquals(2, items.predicted(1));
    assertTrue(items.correct(0));
    assertEquals(1, items.rowOf(11));
    assertEquals(-1, items.rowOf(99));
    assertEquals(2, items.extraColumns().size());
    assertEquals(Items.ExtraType.DOUBLE, items.extraColumns().get(0).type());
    assertNull(items.extraColumns().get(0).value(2));
    assertEquals(Items.ExtraType.VARCHAR, items.extraColumns().get(1).type());
    assertEquals((float) NpyBytes.value(2, 1), store.layer("FC").orElseThrow().value(2, 1));
    Layer conv = store.layer("conv").orElseThrow();
    float[] row = new float[4];
    conv.read(0, row); // id 10, the second CSV line
    assertEquals(4.5f, row[3]);
    conv.read(2, row); // id 12, the first CSV line
    assertEquals(9f, row[0]);
    assertEquals("fc", store.latentLayer().orElseThrow().name());
  }

  @Test void missingManifest() throws IOException {
    Path store = store("s", null, "id,split,label,predicted\n");
    assertProblem(store, "store.json", "missing");
  }

  @Test void malformedManifest() throws IOException {
    Path store = store("s", "{\"model\": \"x\", \"classes\": [", "id,split,label,predicted\n");
    assertProblem(store, "store.json", "malformed JSON");
  }

  @Test void layerWithoutFile() throws IOException {
    Path store = store("s", MANIFEST, "id,split,label,predicted\n1,test,0,0\n");
    assertProblem(store, "fc.npy", "neither fc.npy nor fc.csv");
  }

  @Test void duplicateItemIds() throws IOException {
    Path store = store("s", MANIFEST,
        "id,split,label,predicted\n1,test,0,0\n2,test,0,0\n1,t,1,1\n");
    assertProblem(store, "items.csv", "line 4: duplicate id 1 (first on line 2)");
  }

  @Test void raggedItemRow() throws IOException {
    Path store = store("s", MANIFEST, "id,split,label,predicted\n1,test,0\n");
    assertProblem(store, "items.csv", "line 2 has 3 fields but the header has 4");
  }

  @Test void unknownClass() throws IOException {
    Path store = store("s", MANIFEST, "id,split,label,predicted\n1,test,7,0\n");
    assertProblem(store, "items.csv", "label \"7\" is neither a class index in [0, 3)");
  }

  @Test void raggedCsvLayerRow() throws IOException {
    Path store = goodStore("s");
    Files.writeString(store.resolve("conv.csv"), "10,1,2,3,4\n11,1,2,3\n12,1,2,3,4\n");
    assertProblem(store, "conv.csv", "line 2 has 4 fields; expected id and 4 values");
  }

  @Test void nonNumericCsvLayerValue() throws IOException {
    Path store = goodStore("s");
    Files.writeString(store.resolve("conv.csv"), "10,1,2,3,4\n11,1,x,3,4\n12,1,2,3,4\n");
    assertProblem(store, "conv.csv", "line 2, column 3: \"x\" is not a number");
  }

  @Test void csvLayerMissingAnItem() throws IOException {
    Path store = goodStore("s");
    Files.writeString(store.resolve("conv.csv"), "10,1,2,3,4\n12,1,2,3,4\n");
    assertProblem(store, "conv.csv", "1 items of items.csv have no row, the first id 11");
  }

  /** A broken store is skipped and reported; the other stores of the catalog stay usable. */
  @Test void catalogSkipsBrokenStore() throws IOException {
    goodStore("good");
    Path broken = goodStore("broken");
    NpyBytes.write(broken.resolve("fc.npy"), "<f4", 2, 3);
    Catalog catalog = Catalog.open(dir, dir.resolve(".cache"));
    assertEquals(1, catalog.stores().size());
    assertEquals("good", catalog.stores().get(0).name());
    assertEquals(1, catalog.problems().size());
    assertEquals("broken", catalog.problems().get(0).store());
    assertTrue(catalog.problems().get(0).message().contains("has 2 rows but items.csv has 3"));
  }

  /** {@link StoreWriter} writes a store that opens with the written values. */
  @Test void writerRoundTrip() throws IOException {
    Path storeDir = dir.resolve("written");
    StoreManifest manifest = StoreManifest.read(goodStore("template"));
    try (StoreWriter writer = new StoreWriter(storeDir, manifest, 2)) {
      writer.writeItem(5, "test", 2, 1);
      writer.writeItem(6, "train", 0, 0);
      writer.writeActivation("fc", new float[] {1, 2, 3});
      writer.writeActivation("fc", new float[] {4, 5, 6});
      writer.writeActivation("conv", new float[] {1, 1, 1, 1});
      writer.writeActivation("conv", new float[] {2, 2, 2, 2});
    }
    assertEquals("id,split,label,predicted\n5,test,2,1\n6,train,0,0\n",
        Files.readString(storeDir.resolve("items.csv")));
    Store store = Store.open(storeDir, dir.resolve("cache2"));
    assertEquals(6f, store.layer("fc").orElseThrow().value(1, 2));
    assertEquals(manifest, store.manifest());
  }

  /**
   * The logits layer is the one store.json names; a store naming none falls back to the last
   * stored layer one value per class wide that is not the latent layer.
   */
  @Test void logitsLayerNamedOrFoundByWidth() throws IOException {
    String layers = """
        "layers": [{"name": "fc", "shape": [3]}, {"name": "out", "shape": [3]},
                   {"name": "probs", "shape": [3]}, {"name": "conv", "shape": [2, 2]}]}
        """;
    String head = "{\"model\": \"tiny\", \"classes\": [\"cat\", \"dog\", \"eel\"],"
        + " \"latentLayer\": \"fc\", ";
    StoreManifest unnamed = StoreManifest.read(store("unnamed", head + layers, "id\n"));
    assertEquals("probs", unnamed.logits().orElseThrow().name());
    assertNull(unnamed.logitsLayer());
    StoreManifest named = StoreManifest.read(store("named",
        head + "\"logitsLayer\": \"out\", " + layers, "id\n"));
    assertEquals("out", named.logits().orElseThrow().name());
    Path copy = Files.createDirectories(dir.resolve("copy"));
    named.write(copy);
    assertEquals(named, StoreManifest.read(copy));
    StoreManifest kept = named.withLayers("kept", List.of(named.layer("fc").orElseThrow(),
        named.layer("out").orElseThrow()));
    assertEquals("out", kept.logitsLayer());
    StoreManifest dropped = named.withLayers("dropped",
        List.of(named.layer("fc").orElseThrow(), named.layer("probs").orElseThrow()));
    assertNull(dropped.logitsLayer());
    assertEquals("probs", dropped.logits().orElseThrow().name());
    assertProblem(store("wide", head + "\"logitsLayer\": \"conv\", " + layers, "id\n"),
        "store.json", "logitsLayer \"conv\" has 4 values, but there are 3 classes");
    assertProblem(store("absent", head + "\"logitsLayer\": \"soft\", " + layers, "id\n"),
        "store.json", "logitsLayer \"soft\" is not among the stored layers");
  }

  private void assertProblem(Path store, String file, String problem) {
    StoreFormatException e = assertThrows(StoreFormatException.class,
        () -> Store.open(store, dir.resolve("cache")));
    assertEquals(file, e.file().getFileName().toString(), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }
}
