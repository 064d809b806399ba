/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fortune files' entries and their clean-up, against texts written out by hand as
 * {@code examples/text/train_fortunes.py} makes them (read_entries, normalize).
 */
class FortuneTextsTest {
  @TempDir Path tmp;

  @Test void entriesAreTheBlocksBetweenPercentLines() throws Exception {
    Path file = tmp.resolve("computers");
    Files.writeString(file, "First\nline two\n%\nSecond\r\n%\n\n%\nLast\n%\n",
        StandardCharsets.UTF_8);
    assertEquals(List.of("First\nline two", "Second", "", "Last", ""),
        FortuneTexts.entries(file));
  }

  @Test void backspacesEraseControlsAreDroppedWhitespaceIsOneSpace() {
    assertEquals("x_ is bold", FortuneTexts.normalize("_\bx_\b_x\b is  bold"));
    assertEquals("a b c", FortuneTexts.normalize("  a\t\tb\n\n c \u0007"));
    assertEquals("café déjà", FortuneTexts.normalize("café\u001b déjà\u007f\n"));
  }
}
