/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house's shape, checked on the compiled classes of every module the command line holds
 * (all but spark, which nothing depends on): no package imports a package that imports it back,
 * the engine below SQL knows nothing of Calcite, and {@code task} is its ground floor.
 */
class PackageRulesTest {
  private static JavaClasses classes;

  @BeforeAll static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.boundarysql");
  }

  @Test void noCycleBetweenPackages() {
    slices().matching("org.boundarysql.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test void theEngineKnowsNothingOfSql() {
    noClasses().that().resideInAnyPackage("org.boundarysql.task..", "org.boundarysql.kernel..",
        "org.boundarysql.sample..", "org.boundarysql.store..", "org.boundarysql.estimate..",
        "org.boundarysql.metric..", "org.boundarysql.materialize..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.calcite..",
            "org.boundarysql.adapter..", "org.boundarysql.server..", "org.boundarysql.cli..")
        .check(classes);
  }

  @Test void taskIsTheGroundFloor() {
    noClasses().that().resideInAPackage("org.boundarysql.task..")
        .should().dependOnClassesThat().resideInAnyPackage("org.boundarysql.kernel..",
            "org.boundarysql.sample..", "org.boundarysql.store..", "org.boundarysql.estimate..",
            "org.boundarysql.metric..", "org.boundarysql.materialize..")
        .check(classes);
  }
}
