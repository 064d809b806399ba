/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.nio.ByteOrder;
import java.util.Locale;

/** The element types of the {@code .npy} files read here, with their {@code descr} codes. */
public enum NpyDtype {
  UINT8("u1", 1), BOOL("b1", 1), INT32("i4", 4), INT64("i8", 8), FLOAT32("f4", 4), FLOAT64("f8", 8);

  private final String code;
  private final int bytes;

  NpyDtype(String code, int bytes) {
    this.code = code;
    this.bytes = bytes;
  }

  /** The type of a {@code descr} code without byte order ("f4"), or null if it is none here. */
  static NpyDtype ofCode(String code) {
    for (NpyDtype dtype : values()) {
      if (dtype.code.equals(code)) {
        return dtype;
      }
    }
    return null;
  }

  /** The type of a name as {@link #toString()} gives it ("uint8"), or null if it is none here. */
  public static NpyDtype named(String name) {
    for (NpyDtype dtype : values()) {
      if (dtype.toString().equals(name)) {
        return dtype;
      }
    }
    return null;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** The {@code descr} of this type in the given byte order: "<f4", "|u1". */
  public String descr(ByteOrder order) {
    return (bytes == 1 ? "|" : order == ByteOrder.BIG_ENDIAN ? ">" : "<") + code;
  }

  /** Whether values are integers (bool as 0 and 1). */
  public boolean isInteger() {
    return this == UINT8 || this == BOOL || this == INT32 || this == INT64;
  }

  @Override public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
