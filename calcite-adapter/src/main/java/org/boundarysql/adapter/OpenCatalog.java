/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.store.Catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * A catalog opened once per JVM and shared by every connection, so that files are mapped once
 * and samples are computed once. It is opened again when a file of the catalog changes.
 */
final class OpenCatalog {
  private static final ConcurrentMap<Path, OpenCatalog> OPEN = new ConcurrentHashMap<>();

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
    String fingerprint = fingerprint(directory, singleStore ? 0 : 1);
    return OPEN.compute(directory, (path, old) ->
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

  /** Names, sizes and modification times of the files below {@code directory}. */
  private static String fingerprint(Path directory, int depth) {
    StringBuilder result = new StringBuilder();
    try (Stream<Path> files = Files.walk(directory, depth + 1)) {
      for (Path file : files.sorted().toList()) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        result.append(file).append(' ').append(attributes.size()).append(' ')
            .append(attributes.lastModifiedTime().toMillis()).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    return result.toString();
  }
}
