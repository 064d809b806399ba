/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The entries of a fortune file (blocks separated by lines holding only {@code %}) as one line
 * of text each, cleaned as {@code examples/text/train_fortunes.py} cleans them.
 */
final class FortuneTexts {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+",
      Pattern.UNICODE_CHARACTER_CLASS);

  private FortuneTexts() {
  }

  /** The entries of a fortune file, in file order, the last one after the final {@code %}. */
  static List<String> entries(Path file) throws IOException {
    List<String> entries = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean first = true;
    // read as Python's text mode reads: \r\n and \r end lines too
    String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n")
        .replace('\r', '\n');
    for (String line : text.split("\n", -1)) {
      if (line.equals("%")) {
        entries.add(current.toString());
        current.setLength(0);
        first = true;
      } else {
        if (!first) {
          current.append('\n');
        }
        current.append(line);
        first = false;
      }
    }
    entries.add(current.toString());
    return entries;
  }

  /**
   * One line of text: a backspace erases the character before it (the files underline by
   * overstriking), other control characters are dropped, whitespace runs become one space.
   */
  static String normalize(String entry) {
    StringBuilder kept = new StringBuilder();
    entry.codePoints().forEach(c -> {
      if (c == '\b') {
        if (kept.length() > 0) {
          kept.setLength(kept.length() - Character.charCount(kept.codePointBefore(
              kept.length())));
        }
      } else if (c == '\t' || c == '\n' || c == '\r' || (c >= ' ' && c != 0x7f)) {
        kept.appendCodePoint(c);
      }
    });
    return String.join(" ", Arrays.stream(WHITESPACE.split(kept)).filter(w -> !w.isEmpty())
        .toList());
  }
}
