/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.sql.SQLException;
import java.util.SplittableRandom;

/** One kind of differential check, run one generated query at a time. */
interface Check {
  /**
   * Generates a query from {@code random}, runs it and checks the answer; returns how
   * BoundarySQL's answer is wrong, with the query, or null if it is right.
   */
  String run(SplittableRandom random, Engines engines) throws SQLException;
}
