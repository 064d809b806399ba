/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.task;

/**
 * A computation refused because this JVM's heap cannot hold it (see {@link HeapBudget}); the
 * message says what needed how much. SQL reports it with SQLSTATE 53200 (out of memory).
 */
public final class InsufficientMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long neededBytes;

  /** A refusal with its message and the bytes that were needed. */
  public InsufficientMemoryException(String message, long neededBytes) {
    super(message);
    this.neededBytes = neededBytes;
  }

  /** The bytes the refused computation needed. */
  public long neededBytes() {
    return neededBytes;
  }
}
