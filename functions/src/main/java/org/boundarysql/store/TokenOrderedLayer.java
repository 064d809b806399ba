/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.task.Cancellation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A copy of a token layer's rows in {@link TokenOrder} (row {@code i} being the token row at
 * ordered position {@code i}), a {@code .npy} file in the store's cache directory: written on
 * first use, aside and then renamed ({@link PartialFile}), and named after the store's
 * fingerprint, so that a changed store is copied again (the older copy is removed then).
 */
public final class TokenOrderedLayer {
  private static final System.Logger LOG = System.getLogger(TokenOrderedLayer.class.getName());
  /** Values written at a time. */
  private static final int BUFFER_VALUES = 1 << 16;

  private TokenOrderedLayer() {
  }

  /**
   * The ordered copy of the token rows of {@code layer} (one of {@code store}'s token
   * layers), mapped; written first if missing. Empty if it cannot be written (a read-only or
   * full cache directory): the caller reads the layer itself.
   */
  static Optional<Layer> open(Store store, Layer layer, TokenOrder order) {
    TokenLayer rows = new TokenLayer(layer, order.tokens());
    String prefix = layer.name() + "_tokens-by-" + order.key() + "-";
    Path file = store.cacheDirectory().resolve(prefix + key(store, layer) + ".npy");
    try {
      if (Files.isRegularFile(file)) {
        try {
          return Optional.of(NpyLayer.open(file, rows.spec(), order.size()));
        } catch (StoreFormatException e) {
          LOG.log(System.Logger.Level.WARNING, file + " is broken (" + e.getMessage()
              + "); writing it again");
        }
      }
      PartialFile.write(file, partial -> write(rows, order, partial));
      CacheFiles.removeOlder(store.cacheDirectory(), prefix, file);
      return Optional.of(NpyLayer.open(file, rows.spec(), order.size()));
    } catch (IOException | UncheckedIOException | StoreFormatException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot write " + file + " (" + e.getMessage()
          + "); GROUP BY token reads " + layer.name() + " in the table's order");
      return Optional.empty();
    }
  }

  /** A digest of the store's fingerprint and the layer's name and shape. */
  private static String key(Store store, Layer layer) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((store.fingerprint() + "\n" + layer.name() + "\n" + layer.width())
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(TokenLayer rows, TokenOrder order, Path partial)
      throws IOException {
    int width = rows.width();
    byte[] header = NpyWriter.header(order.size(), rows.spec().shape());
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(BUFFER_VALUES, width) * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    float[] row = new float[width];
    try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(header));
      for (int i = 0; i < order.size(); i++) {
        if (buffer.remaining() < width * Float.BYTES) {
          Cancellation.checkCurrent();
          CacheFiles.drain(channel, buffer);
        }
        rows.read(order.row(i), row);
        buffer.asFloatBuffer().put(row);
        buffer.position(buffer.position() + width * Float.BYTES);
      }
      CacheFiles.drain(channel, buffer);
      channel.force(false);
    }
  }
}
