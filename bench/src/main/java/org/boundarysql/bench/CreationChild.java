/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.sample.cache.Sample;
import org.boundarysql.sample.cache.SampleCache;
import org.boundarysql.store.Store;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * One sample creation of the growth curve in a JVM of its own, whose heap the parent chooses:
 * opens a store, computes a sample as {@code TABLESAMPLE BOUNDARY} does (the sample cache, in a
 * cache directory of its own, so nothing is read from disk) and prints one line, {@code
 * creation MILLIS PEAK_USED LIVE_PEAK SIZE HASH}: the computation's milliseconds, the most heap
 * in use (sampled every 2 ms, garbage included), the most heap still in use after a garbage
 * collection (the live data), the sample's size and the hash of its rows. A refusal or failure
 * prints {@code failed MESSAGE}.
 */
public final class CreationChild {
  private CreationChild() {
  }

  /** Arguments: store directory, its cache directory, sample cache directory, method, fraction. */
  public static void main(String[] args) throws Exception {
    Path storeDir = Path.of(args[0]);
    Store store = Store.open(storeDir, Path.of(args[1]));
    SampleSpec spec = SampleSpec.of(SamplingMethod.forName(args[3]), Double.parseDouble(args[4]));
    HeapWatch watch = HeapWatch.start();
    try {
      Sample sample = new SampleCache(Path.of(args[2])).get(store, spec);
      watch.stop();
      System.out.printf(Locale.ROOT, "creation %d %d %d %d %d%n", sample.creationMillis(),
          watch.peakUsed.get(), watch.livePeak.get(), sample.rows().length,
          Arrays.hashCode(sample.rows()));
    } catch (RuntimeException | OutOfMemoryError e) {
      System.out.println("failed " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    System.exit(0);
  }

  /** The heap's peaks while a computation runs. */
  private static final class HeapWatch {
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong livePeak = new AtomicLong();
    private volatile boolean running = true;

    static HeapWatch start() {
      HeapWatch watch = new HeapWatch();
      Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
          if (notification.getType().equals(
              GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            long after = GarbageCollectionNotificationInfo.from((CompositeData)
                notification.getUserData()).getGcInfo().getMemoryUsageAfterGc().entrySet()
                .stream().filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
            watch.livePeak.accumulateAndGet(after, Math::max);
          }
        }, null, null);
      }
      Thread sampler = new Thread(() -> {
        while (watch.running) {
          watch.peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean()
              .getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-watch");
      sampler.setDaemon(true);
      sampler.start();
      return watch;
    }

    void stop() {
      running = false;
    }
  }
}
