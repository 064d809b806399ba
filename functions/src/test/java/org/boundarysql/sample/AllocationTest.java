/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tests the size rules of {@link Allocation}. */
class AllocationTest {
  /** round(f·n), halves up, at least one item of a non-empty space. */
  @Test void sampleSize() {
    assertEquals(50, Allocation.sampleSize(1000, 0.05));
    assertEquals(1, Allocation.sampleSize(10, 0.05));
    assertEquals(1, Allocation.sampleSize(10, 0.01));
    assertEquals(7, Allocation.sampleSize(7, 1));
    assertEquals(0, Allocation.sampleSize(0, 0.5));
  }

  /** round(j·t) of a group's t picks come from the boundary end. */
  @Test void boundaryCount() {
    assertEquals(4, Allocation.boundaryCount(5, 0.7));
    assertEquals(0, Allocation.boundaryCount(5, 0));
    assertEquals(5, Allocation.boundaryCount(5, 1));
    assertEquals(1, Allocation.boundaryCount(1, 0.5));
  }

  /** Largest remainders get the leftover items; equal remainders go to the larger group. */
  @Test void proportional() {
    assertArrayEquals(new int[] {3, 1, 1}, Allocation.proportional(new int[] {5, 3, 2}, 0.5));
    assertArrayEquals(new int[] {0, 5}, Allocation.proportional(new int[] {1, 99}, 0.05));
    // 10% of 43 + 3 = 4.6 → 5 items; floors 4 and 0; remainders 0.3 and 0.3 tie exactly, and
    // the tie goes to the larger group (floating point makes them 0.2999… and 0.3000…04).
    assertArrayEquals(new int[] {5, 0}, Allocation.proportional(new int[] {43, 3}, 0.1));
    assertArrayEquals(new int[] {5, 3, 2}, Allocation.proportional(new int[] {5, 3, 2}, 1));
    assertArrayEquals(new int[] {0, 0, 0}, Allocation.proportional(new int[] {0, 0, 0}, 0.5));
  }

  /** A fraction smaller than one item per group still yields round(f·n) items in total. */
  @Test void proportionalBelowOneItemPerGroup() {
    int[] sizes = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
    assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 0},
        Allocation.proportional(sizes, 0.1));
  }

  /** Small groups give all they have; the rest is shared equally, extras to lower indices. */
  @Test void equal() {
    assertArrayEquals(new int[] {1, 15, 14}, Allocation.equal(new int[] {1, 100, 100}, 30));
    assertArrayEquals(new int[] {2, 2, 1, 1}, Allocation.equal(new int[] {10, 10, 10, 10}, 6));
    assertArrayEquals(new int[] {0, 3, 3}, Allocation.equal(new int[] {0, 3, 3}, 100));
  }
}
