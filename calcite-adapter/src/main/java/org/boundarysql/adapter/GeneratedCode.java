/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

/**
 * Lets Calcite keep the code it generates and compiles for each plan, so that a new query text
 * of a known shape is not compiled again (Janino took about a fifth of planning a new text).
 * Calcite reads its setting once per JVM, when its first class that needs it loads: call
 * {@link #keep} before any other Calcite class is used (the server, the command line and the
 * JDBC driver do). This class refers to no Calcite class for that reason.
 */
public final class GeneratedCode {
  /** Calcite's setting: how many generated classes it keeps (none by default). */
  static final String CACHE_SIZE = "calcite.bindable.cache.maxSize";

  private GeneratedCode() {
  }

  /** Keeps up to 1,000 generated classes, unless the user set the size. */
  public static void keep() {
    if (System.getProperty(CACHE_SIZE) == null) {
      System.setProperty(CACHE_SIZE, "1000");
    }
  }
}
