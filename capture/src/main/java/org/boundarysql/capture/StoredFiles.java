/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.StoreFormatException;
import org.boundarysql.store.StoredFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The files a store keeps beside its layers, checked against the SHA-256 {@code store.json}
 * gives them before a model runs on them, and copied into a store with their digest. A file
 * is hashed once per process while its size and modification time stay the same.
 */
final class StoredFiles {
  private static final ConcurrentMap<Path, List<Object>> CHECKED = new ConcurrentHashMap<>();

  private StoredFiles() {
  }

  /**
   * Fails unless the store's file is there with the digest it was written with; {@code what}
   * names it for the message ("the model", "the inputs of 'image'").
   */
  static Path check(Path storeDir, StoredFile stored, String what) {
    Path file = storeDir.resolve(stored.file());
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new StoreFormatException(file, "missing: it is " + what + " of the store, needed"
          + " to compute its on-demand layers; capture the store again");
    } catch (IOException e) {
      throw new StoreFormatException(file, "cannot be read: " + e.getMessage(), e);
    }
    List<Object> state = List.of(attributes.size(), attributes.lastModifiedTime().toMillis(),
        stored.sha256());
    if (state.equals(CHECKED.get(file))) {
      return file;
    }
    String actual = sha256(file);
    if (!actual.equals(stored.sha256())) {
      throw new StoreFormatException(file, "changed since the store was captured: its SHA-256"
          + " is " + actual + ", store.json says " + stored.sha256() + "; it is " + what
          + " of the store, from which its on-demand layers are computed: put the original"
          + " back or capture the store again");
    }
    CHECKED.put(file, state);
    return file;
  }

  /** The hex SHA-256 of a file's contents. */
  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new StoreFormatException(file, "cannot be read: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
