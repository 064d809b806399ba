/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.SplittableRandom;

/** A random query returns on BoundarySQL what it returns on DuckDB. */
final class EngineCheck implements Check {
  private final Tables tables;

  EngineCheck(Tables tables) {
    this.tables = tables;
  }

  @Override public String run(SplittableRandom random, Engines engines) {
    QueryGenerator generator = new QueryGenerator(tables, random, null);
    return engines.compare(random.nextInt(12) == 0 ? generator.setOperation()
        : generator.query());
  }
}
