/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import java.nio.file.Path;
import java.util.Arrays;

/** Explains why input rows do not fit a model's input, with the likely fix. */
final class InputShapes {
  private InputShapes() {
  }

  /** The message for rows of {@code rowShape} fed to an input of shape {@code expected}. */
  static String mismatch(Path file, long[] rowShape, String input, long[] expected,
      String[] dimensionNames) {
    long[] wanted = Arrays.copyOfRange(expected, 1, expected.length);
    String message = file + " has rows of shape " + Arrays.toString(rowShape) + ", but the"
        + " model's input '" + input + "' is " + ModelListing.shape(expected, dimensionNames)
        + " (the first dimension being the batch)";
    if (rowShape.length == 3 && wanted.length == 3 && rowShape[2] == wanted[0]
        && rowShape[0] == wanted[1] && rowShape[1] == wanted[2]) {
      return message + ": the inputs are channels-last (NHWC), the model wants channels-first"
          + " (NCHW); transpose them with x.transpose(0, 3, 1, 2) before numpy.save";
    }
    if (rowShape.length == 3 && wanted.length == 3 && rowShape[0] == wanted[2]
        && rowShape[1] == wanted[0] && rowShape[2] == wanted[1]) {
      return message + ": the inputs are channels-first (NCHW), the model wants channels-last"
          + " (NHWC); transpose them with x.transpose(0, 2, 3, 1) before numpy.save";
    }
    long have = Arrays.stream(rowShape).reduce(1, (a, b) -> a * b);
    long want = Arrays.stream(wanted).reduce(1, (a, b) -> a * b);
    if (have == want) {
      return message + ": same number of values per item; reshape them with x.reshape(-1, "
          + String.join(", ", Arrays.stream(wanted).mapToObj(Long::toString).toList())
          + ") before numpy.save";
    }
    return message;
  }
}
