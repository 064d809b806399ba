/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.store.InputLayer;
import org.boundarysql.store.NpyDtype;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * An item's input as a PNG picture, for inputs shaped as images: {@code [H, W]} (gray),
 * {@code [C, H, W]} with one or three channels (channels first, as PyTorch feeds them), or
 * {@code [H, W, C]} (channels last, as TensorFlow does). Pixels are the stored values: uint8 as
 * they are, other types scaled by 255 when they lie in [0, 1], else stretched from the
 * picture's own minimum and maximum to 0–255.
 */
final class InputPicture {
  private final InputLayer input;
  private final int height;
  private final int width;
  private final int channels;
  private final boolean channelsFirst;

  private InputPicture(InputLayer input, int height, int width, int channels,
      boolean channelsFirst) {
    this.input = input;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.channelsFirst = channelsFirst;
  }

  /** The pictures of an input, or null if its items are not shaped as images. */
  static @Nullable InputPicture of(InputLayer input, int[] shape) {
    if (shape.length == 2) {
      return new InputPicture(input, shape[0], shape[1], 1, true);
    }
    if (shape.length == 3 && (shape[0] == 1 || shape[0] == 3)) {
      return new InputPicture(input, shape[1], shape[2], shape[0], true);
    }
    if (shape.length == 3 && (shape[2] == 1 || shape[2] == 3)) {
      return new InputPicture(input, shape[0], shape[1], shape[2], false);
    }
    return null;
  }

  /** Whether an input of this shape has pictures. */
  static boolean isImage(int[] shape) {
    return shape.length == 2 || shape.length == 3 && (shape[0] == 1 || shape[0] == 3
        || shape[2] == 1 || shape[2] == 3);
  }

  /** The PNG of one item. */
  byte[] png(int row) {
    float[] values = new float[height * width * channels];
    input.readRaw(row, values);
    float low = Float.POSITIVE_INFINITY;
    float high = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
    double offset;
    double scale;
    if (input.input().dtype() == NpyDtype.UINT8) {
      offset = 0;
      scale = 1;
    } else if (low >= 0 && high <= 1) {
      offset = 0;
      scale = 255;
    } else {
      offset = low;
      scale = high > low ? 255 / (high - low) : 0;
    }
    BufferedImage image = new BufferedImage(width, height,
        channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = 0;
        for (int c = 0; c < channels; c++) {
          int index = channelsFirst ? (c * height + y) * width + x : (y * width + x) * channels + c;
          int level = (int) Math.round((values[index] - offset) * scale);
          rgb = rgb << 8 | Math.max(0, Math.min(255, level));
        }
        image.getRaster().setPixel(x, y, channels == 1 ? new int[] {rgb}
            : new int[] {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff});
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }
}
