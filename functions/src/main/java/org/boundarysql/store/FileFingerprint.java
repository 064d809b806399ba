/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Names, sizes and modification times of files: what something derived from the files (a
 * cache, an open catalog) must match to stay valid.
 */
public final class FileFingerprint {
  private FileFingerprint() {
  }

  /** The fingerprint of some files, each named by its path relative to {@code base}. */
  public static String of(Path base, List<Path> files) {
    StringBuilder result = new StringBuilder();
    for (Path file : files) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        result.append(base.relativize(file)).append(':').append(attributes.size()).append(':')
            .append(attributes.lastModifiedTime().toMillis()).append(';');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return result.toString();
  }

  /**
   * The fingerprint of {@code directory} and everything below it down to {@code depth} levels
   * (1: its own entries).
   */
  public static String ofTree(Path directory, int depth) {
    try (Stream<Path> files = Files.walk(directory, depth)) {
      return of(directory, files.sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }
}
