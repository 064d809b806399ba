/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.boundarysql.sample.SamplingMethod;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which methods get which estimate. */
class EstimateBasisTest {
  @Test void randomWithinGroupMethodsAreBootstrapped() {
    for (String design : new String[] {"uniform", "STRATIFIED", EstimateBasis.BERNOULLI}) {
      assertEquals(EstimateBasis.BOOTSTRAP,
          EstimateBasis.of(design, EstimateBasis.MIN_ITEMS, 200), design);
    }
  }

  @Test void otherMethodsGetNoEstimate() {
    for (SamplingMethod method : SamplingMethod.values()) {
      if (method != SamplingMethod.UNIFORM && method != SamplingMethod.STRATIFIED) {
        assertEquals(EstimateBasis.NONE, EstimateBasis.of(method.methodName(), 10, 200),
            method.methodName());
      }
    }
    assertEquals(EstimateBasis.NONE, EstimateBasis.of(EstimateBasis.MIXED, 10, 200));
  }

  @Test void wholeGroupOrNoSampleIsExact() {
    assertEquals(EstimateBasis.EXACT, EstimateBasis.of("maxmargin", 7, 7));
    assertEquals(EstimateBasis.EXACT, EstimateBasis.of(EstimateBasis.FULL, 7, 7));
  }

  @Test void tooFewItemsGetNoEstimate() {
    assertEquals(EstimateBasis.NONE,
        EstimateBasis.of("uniform", EstimateBasis.MIN_ITEMS - 1, 50));
  }

  @Test void moreSampledThanPopulationIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> EstimateBasis.of("uniform", 8, 7));
  }
}
