/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.ondemand.OnDemandLayers;
import org.boundarysql.ondemand.RowCache;
import org.boundarysql.sample.cache.SampleCache;
import org.boundarysql.store.Catalog;
import org.boundarysql.store.FileFingerprint;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A catalog opened once per JVM and shared by every connection, so that files are mapped once,
 * samples are computed once and rows of on-demand layers are computed once. It is opened again
 * when a file of the catalog changes.
 */
final class OpenCatalog {
  /** Open catalogs by directory and cache directory: two caches are two sample caches. */
  private static final ConcurrentMap<List<Path>, OpenCatalog> OPEN = new ConcurrentHashMap<>();

  private final String fingerprint;
  private final Catalog catalog;
  private final SampleCache samples;
  private final RowCache rows;
  /** The on-demand layers of each store that has some, by store name. */
  private final Map<String, OnDemandLayers> onDemand = new ConcurrentHashMap<>();

  private OpenCatalog(String fingerprint, Catalog catalog, Path cache, RowCache rows) {
    this.fingerprint = fingerprint;
    this.catalog = catalog;
    this.samples = new SampleCache(cache);
    this.rows = rows;
  }

  /**
   * The open catalog of a directory of stores, or of one store if {@code singleStore}, whose
   * rows of on-demand layers are cached below {@code cache} up to {@code rowCacheBytes}.
   */
  static OpenCatalog of(Path directory, Path cache, boolean singleStore, long rowCacheBytes) {
    // A store's files are its entries; a catalog's are its stores' entries.
    String fingerprint = FileFingerprint.ofTree(directory, singleStore ? 1 : 2);
    RowCache rows = RowCache.of(cache, rowCacheBytes);
    return OPEN.compute(List.of(directory, cache), (key, old) ->
        old != null && old.fingerprint.equals(fingerprint) ? old
            : new OpenCatalog(fingerprint, singleStore ? Catalog.openStore(directory, cache)
                : Catalog.open(directory, cache), cache, rows));
  }

  /** The on-demand layers of a store of this catalog, or null if it has none. */
  @Nullable OnDemandLayers onDemand(Store store) {
    if (store.manifest().onDemandLayers().isEmpty()) {
      return null;
    }
    return onDemand.computeIfAbsent(store.name(), name -> rows.layers(store));
  }

  /** The on-demand layers of every store that has some. */
  List<OnDemandLayers> onDemandLayers() {
    return catalog.stores().stream().map(this::onDemand).filter(Objects::nonNull).toList();
  }

  RowCache rowCache() {
    return rows;
  }

  Catalog catalog() {
    return catalog;
  }

  SampleCache samples() {
    return samples;
  }
}
