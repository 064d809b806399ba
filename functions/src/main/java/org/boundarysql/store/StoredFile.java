/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

/**
 * A file a store keeps beside its layers (its model, a weight file, an input array), named
 * relative to the store's directory, with the SHA-256 of its contents when it was written.
 */
public record StoredFile(String file, String sha256) {
  /** Checks that the name stays inside the store's directory. */
  public StoredFile {
    if (file == null || file.isBlank() || file.startsWith("/") || file.contains("..")) {
      throw new IllegalArgumentException("a stored file must be named inside the store, not \""
          + file + "\"");
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("file " + file + " needs a hex SHA-256, not " + sha256);
    }
  }
}
