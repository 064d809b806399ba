/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.task;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongBiFunction;

/**
 * Results kept for the next caller that asks for the same key, at most {@code capacity} units
 * of weight in all (values, rows: whatever the caller's weight counts), the least recently used
 * dropped first. A result is computed outside the lock, so two callers of a missing key may
 * both compute it; the results must be equal (a pure function of the key), and either is kept.
 *
 * @param <K> the key: what decides the result, with its equals and hashCode
 * @param <V> the result
 */
public final class KeptResults<K, V> {
  private final long capacity;
  private final ToLongBiFunction<K, V> weight;
  private final Map<K, V> kept = new LinkedHashMap<>(16, 0.75f, true);
  private long keptWeight;

  /**
   * Results weighing at most {@code capacity} in all, each weighed by {@code weight} of its key
   * and itself.
   */
  public KeptResults(long capacity, ToLongBiFunction<K, V> weight) {
    this.capacity = capacity;
    this.weight = weight;
  }

  /** The result of {@code key}: the kept one, or {@code compute}'s, then kept. */
  public V get(K key, Supplier<V> compute) {
    synchronized (kept) {
      V found = kept.get(key);
      if (found != null) {
        return found;
      }
    }
    V result = compute.get();
    synchronized (kept) {
      V replaced = kept.put(key, result);
      keptWeight += weight.applyAsLong(key, result)
          - (replaced == null ? 0 : weight.applyAsLong(key, replaced));
      Iterator<Map.Entry<K, V>> eldest = kept.entrySet().iterator();
      while (keptWeight > capacity && eldest.hasNext()) {
        Map.Entry<K, V> entry = eldest.next();
        keptWeight -= weight.applyAsLong(entry.getKey(), entry.getValue());
        eldest.remove();
      }
    }
    return result;
  }
}
