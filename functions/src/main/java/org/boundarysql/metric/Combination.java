package org.boundarysql.metric;

/** One combination of the workload: a layer, a true class, and correctly or incorrectly classified. */
public record Combination(String layer, int label, boolean correct) {
}
