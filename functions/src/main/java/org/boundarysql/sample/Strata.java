/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample;

/** The items partitioned by an integer key, each stratum's members ascending. */
final class Strata {
  private final int[][] members;

  private Strata(int[][] members) {
    this.members = members;
  }

  /** Groups items 0..keys.length-1 by {@code keys[item]}, a key in [0, keyCount). */
  static Strata of(int[] keys, int keyCount) {
    int[] sizes = new int[keyCount];
    for (int key : keys) {
      sizes[key]++;
    }
    int[][] members = new int[keyCount][];
    for (int s = 0; s < keyCount; s++) {
      members[s] = new int[sizes[s]];
    }
    int[] filled = new int[keyCount];
    for (int item = 0; item < keys.length; item++) {
      members[keys[item]][filled[keys[item]]++] = item;
    }
    return new Strata(members);
  }

  int count() {
    return members.length;
  }

  int[] members(int stratum) {
    return members[stratum];
  }

  int[] sizes() {
    int[] sizes = new int[members.length];
    for (int s = 0; s < sizes.length; s++) {
      sizes[s] = members[s].length;
    }
    return sizes;
  }
}
