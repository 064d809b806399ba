/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Markdown table: columns of text aligned left and of numbers aligned right, then rows of
 * cells, written as {@code | a | b |} lines.
 */
public final class MarkdownTable {
  private final List<String> columns = new ArrayList<>();
  private final List<String> alignments = new ArrayList<>();
  private final List<String> rows = new ArrayList<>();

  /** A table whose first columns hold text. */
  public static MarkdownTable text(String... columns) {
    return new MarkdownTable().add("---", columns);
  }

  /** Adds columns of text, aligned left. */
  public MarkdownTable andText(String... names) {
    return add("---", names);
  }

  /** Adds columns of numbers, aligned right. */
  public MarkdownTable andNumbers(String... names) {
    return add("---:", names);
  }

  /** Adds a row; a cell is written as {@link String#valueOf(Object)} writes it. */
  public MarkdownTable row(Object... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException(cells.length + " cells for " + columns.size()
          + " columns");
    }
    rows.add(line(Arrays.stream(cells).map(String::valueOf).toList()));
    return this;
  }

  /** The header, the alignment line and the rows, each ending in a newline. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(line(columns)).append(line(alignments));
    rows.forEach(text::append);
    return text.toString();
  }

  private MarkdownTable add(String alignment, String... names) {
    for (String name : names) {
      columns.add(name);
      alignments.add(alignment);
    }
    return this;
  }

  private static String line(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }
}
