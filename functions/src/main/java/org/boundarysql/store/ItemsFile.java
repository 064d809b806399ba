/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The items cache: the columns of a store's {@code items.csv} in one binary file, mapped by
 * readers instead of parsed, so that opening a store of millions of items takes no heap per
 * item. The file holds a key (what it was made from), the split names and extra columns' names
 * and types, one region per column (little-endian, 8-byte aligned), and a CRC-32C of all of
 * that at the end: a file that does not match its key or its checksum is not read.
 *
 * <p>Columns: ids ({@code long}), split codes, labels, predictions ({@code int}), the id index
 * (an open-addressing table of rows + 1 by id, empty when the ids ascend: then a binary search
 * finds them), and per extra column its values ({@code long} or {@code double} and a bitmap of
 * nulls, or for text the end of each value and the UTF-8 bytes).
 */
final class ItemsFile {
  /** The cache file's name in a store's cache directory. */
  static final String FILE_NAME = "items.columns";
  private static final byte[] MAGIC = "BSQITEMS".getBytes(StandardCharsets.US_ASCII);
  /** Bumped when the layout changes: a file of another version is rebuilt. */
  private static final int VERSION = 1;
  private static final int PREAMBLE = MAGIC.length + 2 * Integer.BYTES;
  private static final int CHECKSUM = Long.BYTES;
  private static final int CHUNK = 1 << 20;

  /** The regions of a mapped file, in the order they were written. */
  record Mapped(int size, boolean idsAscend, List<String> splitNames, List<String> extraNames,
      List<Items.ExtraType> extraTypes, List<ByteBuffer> columns) { }

  private ItemsFile() {
  }

  /** The id index of items with these ids, or an empty table if the ids ascend. */
  static int[] idIndex(ItemsCsv items, Path csv) {
    boolean ascending = true;
    for (int i = 1; i < items.size && ascending; i++) {
      ascending = items.ids[i] > items.ids[i - 1];
    }
    if (ascending) {
      return new int[0];
    }
    int[] slots = new int[Math.max(2, Integer.highestOneBit(Math.max(1, items.size * 3 / 2)) * 2)];
    int mask = slots.length - 1;
    for (int row = 0; row < items.size; row++) {
      int slot = slot(items.ids[row], mask);
      while (slots[slot] != 0) {
        int first = slots[slot] - 1;
        if (items.ids[first] == items.ids[row]) {
          throw new StoreFormatException(csv, "line " + items.line(row) + ": duplicate id "
              + items.ids[row] + " (first on line " + items.line(first) + ")");
        }
        slot = (slot + 1) & mask;
      }
      slots[slot] = row + 1;
    }
    return slots;
  }

  /** The first slot to look at for an id in a table of {@code mask + 1} slots. */
  static int slot(long id, int mask) {
    long h = id * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** Writes the items, their id index and {@code key} into {@code file}. */
  static void write(ItemsCsv items, int[] idIndex, String key, Path file) throws IOException {
    List<Column> columns = new ArrayList<>();
    columns.add(Column.longs(items.ids, items.size));
    columns.add(Column.ints(items.splitCodes, items.size));
    columns.add(Column.ints(items.labels, items.size));
    columns.add(Column.ints(items.predictions, items.size));
    columns.add(Column.ints(idIndex, idIndex.length));
    for (ItemsCsv.ExtraText extra : items.extras) {
      columns.addAll(extraColumns(items.size, extra));
    }
    byte[] header = header(items, idIndex.length == 0, key, columns, 0);
    long dataStart = align(PREAMBLE + header.length);
    long[] offsets = new long[columns.size()];
    long position = dataStart;
    for (int c = 0; c < columns.size(); c++) {
      offsets[c] = position;
      position = align(position + columns.get(c).bytes());
    }
    header = header(items, idIndex.length == 0, key, columns, dataStart);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE)) {
      Output out = new Output(channel);
      ByteBuffer preamble = ByteBuffer.allocate(PREAMBLE);
      preamble.put(MAGIC).putInt(VERSION).putInt(header.length).flip();
      out.write(preamble);
      out.write(ByteBuffer.wrap(header));
      for (int c = 0; c < columns.size(); c++) {
        out.padTo(offsets[c]);
        columns.get(c).writeTo(out);
      }
      out.padTo(position);
      out.finish();
    }
  }

  private static List<Column> extraColumns(int size, ItemsCsv.ExtraText extra) {
    long[] nulls = new long[(size + 63) / 64];
    switch (extra.type()) {
    case BIGINT -> {
      long[] values = new long[size];
      for (int row = 0; row < size; row++) {
        String text = extra.text(row);
        if (text == null) {
          nulls[row >>> 6] |= 1L << row;
        } else {
          values[row] = Long.parseLong(text);
        }
      }
      return List.of(Column.longs(values, size), Column.longs(nulls, nulls.length));
    }
    case DOUBLE -> {
      long[] bits = new long[size];
      for (int row = 0; row < size; row++) {
        String text = extra.text(row);
        if (text == null) {
          nulls[row >>> 6] |= 1L << row;
        } else {
          bits[row] = Double.doubleToRawLongBits(Double.parseDouble(text));
        }
      }
      return List.of(Column.longs(bits, size), Column.longs(nulls, nulls.length));
    }
    default -> {
      return List.of(Column.longs(extra.ends(), size), Column.bytes(extra.bytes(),
          extra.length()));
    }
    }
  }

  private static byte[] header(ItemsCsv items, boolean idsAscend, String key,
      List<Column> columns, long dataStart) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(key);
      out.writeInt(items.size);
      out.writeBoolean(idsAscend);
      out.writeInt(items.splitNames.size());
      for (String name : items.splitNames) {
        out.writeUTF(name);
      }
      out.writeInt(items.extras.size());
      for (ItemsCsv.ExtraText extra : items.extras) {
        out.writeUTF(extra.name);
        out.writeByte(extra.type().ordinal());
      }
      out.writeInt(columns.size());
      long position = dataStart;
      for (Column column : columns) {
        out.writeLong(position);
        out.writeLong(column.bytes());
        position = align(position + column.bytes());
      }
    }
    return bytes.toByteArray();
  }

  /**
   * Maps the file if it was made from {@code key}; null if it was made from something else
   * (another items.csv, other classes, another version of this format). A file that is not
   * whole, or not what its checksum says, throws.
   */
  static Mapped map(Path file, String key) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < PREAMBLE + CHECKSUM) {
        throw new IOException("only " + size + " bytes");
      }
      ByteBuffer preamble = channel.map(FileChannel.MapMode.READ_ONLY, 0, PREAMBLE);
      byte[] magic = new byte[MAGIC.length];
      preamble.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not an items cache file");
      }
      if (preamble.getInt() != VERSION) {
        return null;
      }
      int headerLength = preamble.getInt();
      if (headerLength < 0 || PREAMBLE + (long) headerLength + CHECKSUM > size) {
        throw new IOException("header of " + headerLength + " bytes in a file of " + size);
      }
      byte[] header = new byte[headerLength];
      channel.map(FileChannel.MapMode.READ_ONLY, PREAMBLE, headerLength).get(header);
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(header));
      if (!in.readUTF().equals(key)) {
        return null;
      }
      checkSum(channel, size);
      int items = in.readInt();
      boolean idsAscend = in.readBoolean();
      List<String> splitNames = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        splitNames.add(in.readUTF());
      }
      List<String> extraNames = new ArrayList<>();
      List<Items.ExtraType> extraTypes = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        extraNames.add(in.readUTF());
        extraTypes.add(Items.ExtraType.values()[in.readByte()]);
      }
      List<ByteBuffer> columns = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        long offset = in.readLong();
        long length = in.readLong();
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE
            || offset + length > size - CHECKSUM) {
          throw new IOException("column of " + length + " bytes at " + offset + " in a file of "
              + size);
        }
        columns.add(channel.map(FileChannel.MapMode.READ_ONLY, offset, length)
            .order(ByteOrder.LITTLE_ENDIAN));
      }
      return new Mapped(items, idsAscend, List.copyOf(splitNames), List.copyOf(extraNames),
          List.copyOf(extraTypes), List.copyOf(columns));
    }
  }

  /** Throws unless the last 8 bytes are the CRC-32C of the others. */
  private static void checkSum(FileChannel channel, long size) throws IOException {
    CRC32C crc = new CRC32C();
    long end = size - CHECKSUM;
    for (long position = 0; position < end; position += Integer.MAX_VALUE) {
      crc.update(channel.map(FileChannel.MapMode.READ_ONLY, position,
          Math.min(Integer.MAX_VALUE, end - position)));
    }
    long stored = channel.map(FileChannel.MapMode.READ_ONLY, end, CHECKSUM)
        .order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (stored != crc.getValue()) {
      throw new IOException("checksum mismatch: the file was changed or damaged");
    }
  }

  private static long align(long position) {
    return (position + 7) & ~7L;
  }

  /** A column to write: {@code count} values of a primitive array. */
  private interface Column {
    long bytes();

    void writeTo(Output out) throws IOException;

    static Column longs(long[] values, int count) {
      return new Column() {
        @Override public long bytes() {
          return (long) count * Long.BYTES;
        }

        @Override public void writeTo(Output out) throws IOException {
          for (int from = 0; from < count; from += CHUNK / Long.BYTES) {
            int length = Math.min(CHUNK / Long.BYTES, count - from);
            out.buffer().asLongBuffer().put(values, from, length);
            out.flush(length * Long.BYTES);
          }
        }
      };
    }

    static Column ints(int[] values, int count) {
      return new Column() {
        @Override public long bytes() {
          return (long) count * Integer.BYTES;
        }

        @Override public void writeTo(Output out) throws IOException {
          for (int from = 0; from < count; from += CHUNK / Integer.BYTES) {
            int length = Math.min(CHUNK / Integer.BYTES, count - from);
            out.buffer().asIntBuffer().put(values, from, length);
            out.flush(length * Integer.BYTES);
          }
        }
      };
    }

    static Column bytes(byte[] values, int count) {
      return new Column() {
        @Override public long bytes() {
          return count;
        }

        @Override public void writeTo(Output out) throws IOException {
          out.write(ByteBuffer.wrap(values, 0, count));
        }
      };
    }
  }

  /** Writes to a channel through one buffer, summing the CRC-32C of what it wrote. */
  private static final class Output {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK)
        .order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long position;

    Output(FileChannel channel) {
      this.channel = channel;
    }

    /** The buffer, cleared, to fill and {@link #flush}. */
    ByteBuffer buffer() {
      return buffer.clear();
    }

    void flush(int bytes) throws IOException {
      buffer.limit(bytes).position(0);
      write(buffer);
    }

    void write(ByteBuffer bytes) throws IOException {
      crc.update(bytes.duplicate());
      position += bytes.remaining();
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }

    void padTo(long offset) throws IOException {
      write(ByteBuffer.allocate((int) (offset - position)));
    }

    /** Writes the checksum of everything written. */
    void finish() throws IOException {
      ByteBuffer sum = ByteBuffer.allocate(CHECKSUM).order(ByteOrder.LITTLE_ENDIAN);
      sum.putLong(crc.getValue()).flip();
      while (sum.hasRemaining()) {
        channel.write(sum);
      }
    }
  }
}
