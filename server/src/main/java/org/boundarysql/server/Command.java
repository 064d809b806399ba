/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

/** A sub-command of {@code ./boundary}. */
interface Command {
  /** The word that selects the command. */
  String name();

  /** One line for {@code ./boundary help}. */
  String usage();

  /** Runs the command; returns the process exit code. */
  int run(Arguments arguments) throws Exception;
}
