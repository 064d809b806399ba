/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor of a remote fetch: the bytes per second one loopback TCP socket carries from this
 * process to another on this machine, with nothing else to do: 4 MB writes from a direct buffer,
 * read into a direct buffer and dropped by a child JVM, which answers one byte after each
 * round. No client of any protocol can read faster through a socket.
 */
final class LoopbackFloor {
  private static final int BUFFER_BYTES = 4 << 20;

  /** Bytes per round and each round's seconds. */
  record Result(long bytes, Timing timing) {
    double gigabytesPerSecond() {
      return bytes / (timing.median() * 1e6);
    }
  }

  private LoopbackFloor() {
  }

  /** Sends {@code bytes} to a child JVM {@code rounds} times (after one round of warm-up). */
  static Result measure(long bytes, int rounds) throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Process child = new ProcessBuilder(ChildJvm.command(LoopbackFloor.class,
          String.valueOf(server.socket().getLocalPort()), String.valueOf(bytes),
          String.valueOf(rounds + 1))).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try (SocketChannel socket = server.accept()) {
        ByteBuffer data = ByteBuffer.allocateDirect(BUFFER_BYTES);
        ByteBuffer ack = ByteBuffer.allocate(1);
        List<Double> millis = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
          long start = System.nanoTime();
          for (long left = bytes; left > 0; ) {
            data.clear().limit((int) Math.min(BUFFER_BYTES, left));
            left -= socket.write(data);
          }
          ack.clear();
          if (socket.read(ack) != 1) {
            throw new IOException("the reader of the loopback floor ended early");
          }
          if (round > 0) {
            millis.add((System.nanoTime() - start) / 1e6);
          }
        }
        return new Result(bytes, Timing.of(millis.stream().mapToDouble(d -> d).toArray()));
      } finally {
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      }
    }
  }

  /** The reading side: {@code PORT BYTES ROUNDS}. */
  public static void main(String[] args) throws IOException {
    long bytes = Long.parseLong(args[1]);
    int rounds = Integer.parseInt(args[2]);
    try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(
        InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])))) {
      ByteBuffer data = ByteBuffer.allocateDirect(BUFFER_BYTES);
      for (int round = 0; round < rounds; round++) {
        for (long left = bytes; left > 0; ) {
          data.clear().limit((int) Math.min(BUFFER_BYTES, left));
          int read = socket.read(data);
          if (read < 0) {
            return;
          }
          left -= read;
        }
        socket.write(ByteBuffer.wrap(new byte[] {1}));
      }
    }
  }
}
