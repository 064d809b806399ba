/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

/**
 * A table whose array columns may hold arrays of one length in every row: a layer's
 * activations, a token's hidden values. SQL's ARRAY type carries no length; a columnar client
 * (Arrow's {@code FixedSizeList}) wants it before the first row.
 */
public interface FixedLengthArrays {
  /**
   * The length every value of array column {@code column} has, or -1 if the column is not an
   * array of one length.
   */
  int fixedArrayLength(int column);
}
