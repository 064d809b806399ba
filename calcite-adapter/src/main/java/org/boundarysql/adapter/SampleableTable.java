/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.schema.TranslatableTable;

import org.checkerframework.checker.nullness.qual.Nullable;

/** A table of a store that {@code TABLESAMPLE BOUNDARY} restricts to a sample of its items. */
interface SampleableTable extends TranslatableTable {
  /** A table of the same kind restricted to a sample (null: every item). */
  SampleableTable restrictTo(@Nullable SampledRows sample);
}
