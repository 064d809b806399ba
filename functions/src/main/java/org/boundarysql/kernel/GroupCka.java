/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Linear CKA of one group's rows by the cheaper of two exact ways: the group keeps its rows
 * while fewer than (p + q) / 4 of them (a sample's groups, typically) for {@link GramCka}, and
 * streams them into {@link LinearCka} beyond.
 */
public final class GroupCka {
  private final List<float[]> keptA = new ArrayList<>();
  private final List<float[]> keptB = new ArrayList<>();
  private LinearCka streamed;
  private int keepLimit = -1;

  /** Adds the two representations of one item; the arrays may be reused by the caller. */
  public void add(float[] a, float[] b) {
    if (keepLimit < 0) {
      keepLimit = (a.length + b.length) / 4;
    }
    if (streamed == null && keptA.size() < keepLimit) {
      if (!keptA.isEmpty() && (a.length != keptA.get(0).length
          || b.length != keptB.get(0).length)) {
        throw new IllegalArgumentException("row widths " + a.length + ", "
            + b.length + " differ from the group's first row's " + keptA.get(0).length + ", "
            + keptB.get(0).length);
      }
      keptA.add(a.clone());
      keptB.add(b.clone());
      return;
    }
    if (streamed == null) {
      streamed = new LinearCka(a.length, b.length);
      for (int i = 0; i < keptA.size(); i++) {
        streamed.add(keptA.get(i), keptB.get(i));
      }
      keptA.clear();
      keptB.clear();
    }
    streamed.add(a, b);
  }

  /** The CKA of the rows added, null for fewer than two, NaN if a side is constant. */
  public Double result() {
    if (streamed != null) {
      return streamed.count() < 2 ? null : streamed.cka();
    }
    return keptA.size() < 2 ? null : GramCka.cka(keptA, keptB);
  }
}
