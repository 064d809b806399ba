/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.adapter.BoundaryDriver;

import sqlline.SqlLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ./boundary sql [--catalog DIR] [-e "SQL"] [sqlline options]}: sqlline on a catalog,
 * interactive, or running one statement.
 */
final class SqlCommand implements Command {
  /** Table width when there is no terminal: wide enough for any row. */
  private static final int UNBOUNDED_WIDTH = 100_000;

  @Override public String name() {
    return "sql";
  }

  @Override public String usage() {
    return "sql [--catalog DIR] [-e \"SQL\"] [sqlline options]   SQL shell (sqlline) on a catalog";
  }

  @Override public int run(Arguments arguments) throws Exception {
    Path catalog = Catalogs.resolve(arguments);
    List<String> args = new ArrayList<>(List.of(
        "-d", BoundaryDriver.class.getName(),
        "-u", BoundaryDriver.PREFIX + "catalog=" + catalog,
        "-n", "", "-p", "", "--isolation=TRANSACTION_NONE"));
    if (System.console() == null
        && arguments.rest().stream().noneMatch(a -> a.startsWith("--maxWidth"))) {
      // Output to a pipe or file: sqlline would take the width 0 of no terminal and print
      // tables without columns.
      args.add("--maxWidth=" + UNBOUNDED_WIDTH);
    }
    args.addAll(arguments.rest());
    if (!arguments.rest().contains("-e")) {
      System.err.println("Connected to " + catalog + "; tables: !tables, quit: !quit");
    }
    SqlLine.Status status = new SqlLine().begin(args.toArray(new String[0]), null, true);
    return status == SqlLine.Status.OK ? 0 : 1;
  }

  @Override public Syntax syntax() {
    return new Syntax(Set.of("catalog"), Set.of(), true, true);
  }
}
