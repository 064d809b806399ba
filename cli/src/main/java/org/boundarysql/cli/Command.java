/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import java.util.Set;

/** A sub-command of {@code ./boundary}. */
interface Command {
  /**
   * What a command accepts: options that take a value, flags that take none, and whether
   * other words are passed on whatever they are ({@code sql} to sqlline), or accepted only if
   * they are no options (a list of names).
   */
  record Syntax(Set<String> options, Set<String> flags, boolean passesRest, boolean takesWords) {
    /** Options and flags only. */
    static Syntax of(Set<String> options, Set<String> flags) {
      return new Syntax(options, flags, false, false);
    }
  }

  /** The word that selects the command. */
  String name();

  /** One line for {@code ./boundary help}. */
  String usage();

  /** The options it accepts. */
  Syntax syntax();

  /** Runs the command; returns the process exit code. */
  int run(Arguments arguments) throws Exception;
}
