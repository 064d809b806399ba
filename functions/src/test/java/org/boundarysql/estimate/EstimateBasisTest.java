/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.boundarysql.estimate.EstimateBasis.Kind;
import org.boundarysql.sample.SamplingMethod;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which methods get which estimate. */
class EstimateBasisTest {
  @Test void randomWithinGroupMethodsAreBootstrapped() {
    for (String design : new String[] {"uniform", "STRATIFIED", EstimateBasis.BERNOULLI}) {
      assertEquals(Kind.BOOTSTRAP, EstimateBasis.of(design, EstimateBasis.MIN_ITEMS, 200)
          .kind(), design);
    }
  }

  @Test void otherMethodsGetNoEstimate() {
    for (SamplingMethod method : SamplingMethod.values()) {
      if (method != SamplingMethod.UNIFORM && method != SamplingMethod.STRATIFIED) {
        assertEquals(Kind.NONE, EstimateBasis.of(method.methodName(), 10, 200).kind(),
            method.methodName());
      }
    }
    assertEquals(Kind.NONE, EstimateBasis.of(EstimateBasis.MIXED, 10, 200).kind());
  }

  @Test void wholeGroupOrNoSampleIsExact() {
    assertEquals(Kind.EXACT, EstimateBasis.of("maxmargin", 7, 7).kind());
    assertEquals(Kind.EXACT, EstimateBasis.of(EstimateBasis.FULL, 7, 7).kind());
  }

  @Test void tooFewItemsGetNoEstimate() {
    assertEquals(Kind.NONE, EstimateBasis.of("uniform", EstimateBasis.MIN_ITEMS - 1, 50).kind());
  }

  @Test void moreSampledThanPopulationIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> EstimateBasis.of("uniform", 8, 7));
  }
}
