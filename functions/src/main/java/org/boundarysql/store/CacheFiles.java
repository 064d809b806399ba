/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the {@code .npy} files derived from a store and kept in its cache directory share: they
 * are written through a buffer, and named after the store's version, so that a new version's
 * file replaces the older ones.
 */
final class CacheFiles {
  private CacheFiles() {
  }

  /** Writes the buffer's contents to the channel and clears it. */
  static void drain(FileChannel channel, ByteBuffer buffer) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  /**
   * Removes the {@code .npy} files of {@code directory} named {@code prefix...} other than
   * {@code kept}: those made for earlier versions of the store.
   */
  static void removeOlder(Path directory, String prefix, Path kept) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".npy")
            && !file.getFileName().equals(kept.getFileName())) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
