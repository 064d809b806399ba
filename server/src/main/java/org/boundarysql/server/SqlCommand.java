/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

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
    args.addAll(arguments.rest());
    if (!arguments.rest().contains("-e")) {
      System.err.println("Connected to " + catalog + "; tables: !tables, quit: !quit");
    }
    SqlLine.Status status = new SqlLine().begin(args.toArray(new String[0]), null, true);
    return status == SqlLine.Status.OK ? 0 : 1;
  }

  static Set<String> options() {
    return Set.of("catalog");
  }
}
