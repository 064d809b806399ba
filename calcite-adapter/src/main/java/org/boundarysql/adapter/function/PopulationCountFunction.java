/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

/**
 * {@code POPULATION_COUNT()}: how many items the group has in the population, that is with
 * every sample of the query replaced by its full table; beside {@code COUNT(*)}, the group's
 * coverage.
 */
public final class PopulationCountFunction {
  public SampledGroup init() {
    return new SampledGroup();
  }

  public SampledGroup add(SampledGroup group, long population, String design) {
    return group.add(population, design);
  }

  public Long result(SampledGroup group) {
    return group.population();
  }
}
