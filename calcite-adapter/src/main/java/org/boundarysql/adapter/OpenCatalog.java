/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.sample.cache.SampleCache;
import org.boundarysql.store.Catalog;
import org.boundarysql.store.FileFingerprint;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A catalog opened once per JVM and shared by every connection, so that files are mapped once
 * and samples are computed once. It is opened again when a file of the catalog changes.
 */
final class OpenCatalog {
  /** Open catalogs by directory and cache directory: two caches are two sample caches. */
  private static final ConcurrentMap<List<Path>, OpenCatalog> OPEN = new ConcurrentHashMap<>();

  private final String fingerprint;
  private final Catalog catalog;
  private final SampleCache samples;

  private OpenCatalog(String fingerprint, Catalog catalog, Path cache) {
    this.fingerprint = fingerprint;
    this.catalog = catalog;
    this.samples = new SampleCache(cache);
  }

  /** The open catalog of a directory of stores, or of one store if {@code singleStore}. */
  static OpenCatalog of(Path directory, Path cache, boolean singleStore) {
    // A store's files are its entries; a catalog's are its stores' entries.
    String fingerprint = FileFingerprint.ofTree(directory, singleStore ? 1 : 2);
    return OPEN.compute(List.of(directory, cache), (key, old) ->
        old != null && old.fingerprint.equals(fingerprint) ? old
            : new OpenCatalog(fingerprint, singleStore ? Catalog.openStore(directory, cache)
                : Catalog.open(directory, cache), cache));
  }

  Catalog catalog() {
    return catalog;
  }

  SampleCache samples() {
    return samples;
  }
}
