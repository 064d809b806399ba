/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.nio.file.Path;

/** Thrown when a store file is missing or malformed; the message names the file and the problem. */
public class StoreFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Path file;

  public StoreFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public StoreFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }
}
