package org.dnslens.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * STYLE.md 2.2: storage sees the engine's model and ingest seam only, and the engine never sees storage.
 * Dynamic tests for the same reason as EngineArchitectureTest.
 */
class StorageArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.dnslens.storage", "org.dnslens.engine");

  static final ArchRule storageUsesOnlyModelAndIngestSeam =
      noClasses()
          .that()
          .resideInAPackage("org.dnslens.storage..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.dnslens.engine.capture..",
              "org.dnslens.engine.decode..",
              "org.dnslens.engine.dns..",
              "org.dnslens.engine.pairing..",
              "org.dnslens.engine.passive..",
              "org.dnslens.engine.detect..",
              "org.dnslens.engine.ioc..",
              "org.dnslens.engine.export..",
              "org.dnslens.engine.issue..",
              "org.dnslens.cli..",
              "org.dnslens.gui..",
              "org.xbill.DNS..",
              "org.pcap4j..");

  static final ArchRule engineNeverUsesStorage =
      noClasses()
          .that()
          .resideInAPackage("org.dnslens.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.dnslens.storage..");

  @TestFactory
  Stream<DynamicTest> rules() {
    return Stream.of(
        DynamicTest.dynamicTest("storageUsesOnlyModelAndIngestSeam", () -> storageUsesOnlyModelAndIngestSeam.check(CLASSES)),
        DynamicTest.dynamicTest("engineNeverUsesStorage", () -> engineNeverUsesStorage.allowEmptyShould(true).check(CLASSES)));
  }
}
