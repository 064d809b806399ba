/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;

import com.google.common.base.Preconditions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQLSTATE of an error follows who threw it: an argument BoundarySQL refuses is the user's
 * (22023), the same exception from inside Calcite or a library is an internal error (XX000),
 * as the POPULATION_COUNT failure on a sampled store ("Type mismatch", an
 * IllegalArgumentException of Calcite's planner) once arrived as 22023.
 */
class BoundaryErrorsTest {
  @Test void refusedArgumentIsTheUsers() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> SampleSpec.of(SamplingMethod.UNIFORM, 1.5));
    BoundaryErrors.SqlError error = BoundaryErrors.classify(
        new RuntimeException("while planning", refused), "select 1");
    assertEquals(BoundaryErrors.BAD_ARGUMENT, error.sqlState());
    assertEquals(refused.getMessage(), error.message());
  }

  @Test void libraryArgumentCheckIsInternal() {
    IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
        () -> Preconditions.checkArgument(false, "Type mismatch: %s", "REAL NOT NULL ARRAY"));
    BoundaryErrors.SqlError error = BoundaryErrors.classify(
        new RuntimeException("while planning", broken), "select 1");
    assertEquals(BoundaryErrors.INTERNAL, error.sqlState());
    assertTrue(error.message().startsWith("internal error: IllegalArgumentException: Type"),
        error.message());
  }
}
