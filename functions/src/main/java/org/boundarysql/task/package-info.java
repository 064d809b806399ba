/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * What every layer of the engine shares about long work: {@link org.boundarysql.task.Cancellation}
 * (the signal that stops it), {@link org.boundarysql.task.ProgressListener} (how it reports),
 * {@link org.boundarysql.task.HeapBudget} (whether the heap can hold it), and the pool that
 * runs shared computations once per key. The lowest package of the engine: it imports no
 * other.
 */
package org.boundarysql.task;
