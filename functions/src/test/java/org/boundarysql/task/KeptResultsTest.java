/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Tests {@link KeptResults}: found again, computed once, the least recently used dropped. */
class KeptResultsTest {
  @Test void keepsWithinItsWeightDroppingTheLeastRecentlyUsed() {
    List<String> computed = new ArrayList<>();
    KeptResults<String, String> kept = new KeptResults<>(10, (key, value) -> value.length());
    String a = kept.get("a", () -> compute(computed, "a", 4));
    assertSame(a, kept.get("a", () -> compute(computed, "a", 4)));
    kept.get("b", () -> compute(computed, "b", 4));
    kept.get("a", () -> compute(computed, "a", 4)); // a is now the most recently used
    kept.get("c", () -> compute(computed, "c", 4)); // 12 > 10: b, the eldest, goes
    assertEquals(List.of("a", "b", "c"), computed);
    kept.get("a", () -> compute(computed, "a", 4));
    kept.get("b", () -> compute(computed, "b", 4));
    assertEquals(List.of("a", "b", "c", "b"), computed);
  }

  @Test void aResultHeavierThanTheCapacityIsReturnedAndNotKept() {
    List<String> computed = new ArrayList<>();
    KeptResults<String, String> kept = new KeptResults<>(3, (key, value) -> value.length());
    assertEquals("dddd", kept.get("d", () -> compute(computed, "d", 4)));
    kept.get("d", () -> compute(computed, "d", 4));
    assertEquals(List.of("d", "d"), computed);
  }

  private static String compute(List<String> computed, String key, int weight) {
    computed.add(key);
    return key.repeat(weight);
  }
}
