/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests {@link SamplingMethod} and {@link SampleSpec}. */
class SamplingMethodTest {
  /** Names resolve ignoring case. */
  @Test void forName() {
    assertEquals(SamplingMethod.MAXMARGIN, SamplingMethod.forName("MaxMargin"));
    assertEquals(SamplingMethod.GMM_FULL, SamplingMethod.forName("gmm_full"));
    assertEquals(SamplingMethod.STRATIFIED_WEIGHTED,
        SamplingMethod.forName("stratified_weighted"));
  }

  /** An unknown name lists the valid ones. */
  @Test void unknownNameListsValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SamplingMethod.forName("random"));
    assertTrue(e.getMessage().contains("maxmargin, gmm_full, gmm_spherical, uniform"),
        e.getMessage());
  }

  /** Fractions outside (0, 1] and j outside [0, 1] are refused. */
  @Test void specValidates() {
    assertThrows(IllegalArgumentException.class,
        () -> new SampleSpec(SamplingMethod.UNIFORM, 0, 0.7, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new SampleSpec(SamplingMethod.UNIFORM, 1.5, 0.7, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new SampleSpec(SamplingMethod.UNIFORM, 0.5, -0.1, 0));
    assertEquals(SampleSpec.DEFAULT_J, SampleSpec.of(SamplingMethod.VAS, 0.2).j());
  }
}
