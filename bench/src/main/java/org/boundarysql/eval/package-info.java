/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * The paper's evaluation, {@code ./boundary eval}: every sampling method at every fraction, the
 * K and j sweeps, the correct/incorrect split, sample make-up and creation times on one store,
 * written as CSV, {@code summary.md} and charts laid out like the paper's figures.
 *
 * <ul>
 *   <li>{@link org.boundarysql.eval.Evaluation}: the command.</li>
 *   <li>{@link org.boundarysql.eval.EvaluationOptions}: its options.</li>
 *   <li>{@code EvaluationData}: a store's rows of one split; {@code EvaluationRun}: the
 *       experiments; {@code Results}: what they measured; {@code ResultsCsv},
 *       {@code SummaryReport}, {@code EvaluationCharts}: the outputs.</li>
 * </ul>
 */
package org.boundarysql.eval;
