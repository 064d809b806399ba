/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.NpyDtype;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The values of one model input for the items of one split, row by row: a {@code .npy} file
 * ({@link NpyArray}) or a tokenizer's output for a file of texts ({@link TokenizedTexts}).
 */
interface InputArray {
  /** The file the values come from, for messages. */
  Path file();

  /** The element type of the values as given. */
  NpyDtype dtype();

  /** Number of rows (items). */
  long rows();

  /** The shape of one row. */
  long[] rowShape();

  /** Values per row. */
  int rowValues();

  /** Reads {@code count} rows from {@code first} on, as float32, into {@code target}. */
  void read(long first, int count, float[] target, int offset) throws IOException;

  /**
   * Reads {@code count} rows from {@code first} on, exactly, into {@code target}; only for
   * integer element types ({@link NpyDtype#isInteger()}).
   */
  void readIntegers(long first, int count, long[] target, int offset) throws IOException;
}
